/**
 * The metrics messages of one generation: numbered in order, each with the runs' status and the
 * progress at sending, and kept (StreamHistory) so a page view that reconnects can ask for all of
 * them again.
 */
import { StreamHistory } from './history';
import type { StreamBatch } from './metricStream';
import type { Progress, RunStatus, WorkerEvent } from './protocol';

export interface MetricsContext {
  readonly generation: number;
  readonly runs: RunStatus[];
  readonly progress: Progress;
}

export class MetricsOutbox {
  private sequence = 0;
  private readonly history = new StreamHistory();

  constructor(
    private readonly post: (event: WorkerEvent) => void,
    private readonly context: () => MetricsContext,
  ) {}

  send(batch: StreamBatch): void {
    this.history.record(batch);
    this.post(this.event(batch, false));
  }

  /** Everything of this generation in one message, numbered from 0 again: the page starts over. */
  replay(): void {
    this.sequence = 0;
    this.post(this.event(this.history.all(), true));
  }

  /** A new generation: nothing sent yet. */
  reset(): void {
    this.sequence = 0;
    this.history.clear();
  }

  private event(batch: StreamBatch, replayed: boolean): WorkerEvent {
    const { generation, runs, progress } = this.context();
    return {
      type: 'metrics',
      generation,
      sequence: this.sequence++,
      ...batch,
      ...(replayed ? { replayed } : {}),
      runs,
      progress,
    };
  }
}
