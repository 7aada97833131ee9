/** What the worker shell posts about an error nothing in the worker caught (see `crashed` in the protocol). */
import type { WorkerEvent } from './protocol';

export function crashReport(error: unknown): WorkerEvent {
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    type: 'failed',
    message: failure.message || failure.name,
    crashed: true,
    ...(failure.stack ? { stack: failure.stack } : {}),
  };
}
