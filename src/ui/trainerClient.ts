/**
 * The page's handle on the training worker: typed requests that resolve or reject with the worker's
 * reply. A crashed worker (an uncaught error in it) is stopped once its failure is passed on: it
 * would otherwise train on and its later messages would overwrite the report of the crash.
 */
import type { RequestBody, WorkerEvent, WorkerRequest } from '../worker/protocol';

export class TrainerClient {
  private nextRequestId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (result: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly listeners = new Set<(event: WorkerEvent) => void>();
  private stopped = false;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => this.receive(message.data);
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

  /** Resolves with the reply's result (undefined for most requests) or rejects with the worker's error. */
  request(body: RequestBody): Promise<unknown> {
    if (this.stopped) return Promise.reject(new Error('the training worker was stopped'));
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
    for (const { reject } of this.waiting.values()) reject(new Error('the training worker was stopped'));
    this.waiting.clear();
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
    for (const listener of this.listeners) listener(event);
    if (event.type === 'failed' && event.crashed) this.terminate();
  }
}
