/**
 * A stand-in for the browser's Worker in Node tests (Node has no Web Worker): the real controller
 * behind the same wiring as trainer.worker.ts, each message delivered as a macrotask as postMessage
 * does. It fails the ways a worker does: an error nothing in it caught (posted by the worker shell's
 * `crashReport`) and an error event of the Worker object itself. `terminate` stops the controller,
 * but what it had posted, and what it posts while winding down, still arrives (messages in flight).
 */

import type { WorkerPort } from '../ui/trainerClient';
import { type DatasetLoader, TrainerController } from '../worker/controller';
import { crashReport } from '../worker/crashReport';
import type { WorkerEvent, WorkerRequest } from '../worker/protocol';

export class InProcessWorker implements WorkerPort {
  onmessage: ((message: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = 0;
  /** Every event the worker posted, delivered or not yet. */
  readonly posted: WorkerEvent[] = [];
  private readonly controller: TrainerController;
  private wound?: Promise<void>;

  constructor(loadDataset: DatasetLoader) {
    this.controller = new TrainerController((event) => this.post(event), loadDataset);
  }

  postMessage(request: WorkerRequest): void {
    setTimeout(() => this.controller.handle(request).catch((error) => this.post(crashReport(error))));
  }

  terminate(): void {
    this.terminated += 1;
    this.wound ??= this.controller.handle({ type: 'stop', requestId: -1 });
  }

  /** Resolves once a terminated worker has wound down and everything it posted was delivered. */
  async settled(): Promise<void> {
    await this.wound;
    await new Promise((resolve) => setTimeout(resolve));
  }

  /** Runs `work` as worker code; what it throws is reported as the worker shell reports an uncaught error. */
  run(work: () => unknown): void {
    setTimeout(() => {
      try {
        work();
      } catch (error) {
        this.post(crashReport(error));
      }
    });
  }

  /** The Worker object's own error event (a script that did not load); whether the page prevented its default. */
  fireError(message: string): boolean {
    const event = Object.assign(new Event('error', { cancelable: true }), {
      message,
      filename: 'trainer.worker.js',
      lineno: 0,
      colno: 0,
      error: undefined,
    });
    this.onerror?.(event);
    return event.defaultPrevented;
  }

  private post(event: WorkerEvent): void {
    this.posted.push(event);
    setTimeout(() => this.onmessage?.(new MessageEvent('message', { data: event })));
  }
}
