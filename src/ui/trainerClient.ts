/**
 * The page's handle on the training worker: typed requests that resolve or reject with the worker's
 * reply. A crashed worker (an uncaught error in it, or an error event of the Worker itself) is
 * reported once, with what the message says happened (out of memory, a lost GPU device), and stopped:
 * it would otherwise train on and its later messages would overwrite the report of the crash.
 */
import type { RequestBody, WorkerEvent, WorkerRequest } from '../worker/protocol';

/** The part of a Worker the client uses: the browser's, or an in-process stand-in in Node tests. */
export interface WorkerPort {
  onmessage: ((message: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(request: WorkerRequest): void;
  terminate(): void;
}

const OUT_OF_MEMORY = /out of memory|allocation failed|cannot enlarge memory|memory size exceeded|\bOOM\b/i;
const DEVICE_LOST = /device (is |was )?lost|context (is |was )?lost|CONTEXT_LOST/i;

/** A crash message as the page says it: the cause first when the message shows one. */
export function crashCause(message: string): string {
  if (OUT_OF_MEMORY.test(message))
    return `it ran out of memory (${message}); fewer runs or seeds, a smaller batch or model, or another backend may fit`;
  if (DEVICE_LOST.test(message))
    return `the GPU device was lost and the backend could not go on (${message})`;
  return message;
}

export class TrainerClient {
  private nextRequestId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (result: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly listeners = new Set<(event: WorkerEvent) => void>();
  private stopped = false;
  private crashMessage?: string;

  constructor(private readonly worker: WorkerPort) {
    worker.onmessage = (message) => this.receive(message.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.receive({
        type: 'failed',
        message: event.message || 'the training worker failed to start',
        crashed: true,
      });
    };
  }

  static create(): TrainerClient {
    return new TrainerClient(
      new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module' }),
    );
  }

  /** What the page said when the worker crashed; undefined while it has not. */
  get crash(): string | undefined {
    return this.crashMessage;
  }

  /** Resolves with the reply's result (undefined for most requests) or rejects with the worker's error. */
  request(body: RequestBody): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stoppedError());
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, { resolve, reject });
      this.worker.postMessage({ ...body, requestId } as WorkerRequest);
    });
  }

  onEvent(listener: (event: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.stopped = true;
    this.worker.terminate();
    for (const { reject } of this.waiting.values()) reject(this.stoppedError());
    this.waiting.clear();
  }

  private stoppedError(): Error {
    return new Error(this.crashMessage ?? 'the training worker was stopped');
  }

  private receive(event: WorkerEvent): void {
    if (this.stopped) return;
    if (event.type === 'reply') {
      const pending = this.waiting.get(event.requestId);
      this.waiting.delete(event.requestId);
      if (event.ok) pending?.resolve(event.result);
      else pending?.reject(new Error(event.error));
      return;
    }
    if (event.type === 'failed' && event.crashed) {
      this.crashMessage = `The training worker crashed: ${crashCause(event.message)}`;
      const report = { ...event, message: this.crashMessage };
      for (const listener of this.listeners) listener(report);
      this.terminate();
      return;
    }
    for (const listener of this.listeners) listener(event);
  }
}
