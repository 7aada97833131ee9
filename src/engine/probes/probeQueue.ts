/**
 * Probes waiting and running between training steps: one slice (one gradient or forward evaluation
 * over the probe batch) at a time, oldest request first, each timed and costed. A request owns the
 * weight snapshots it was given and frees them when it ends, finished, failed or cancelled.
 */
import * as tf from '@tensorflow/tfjs';
import type { ProbeKind, ProbeOutcome, ProbeRecordSettings, ProbeSpend } from '../../config/probes';
import type { ProbeCost } from './evaluator';
import type { ProbeTask } from './types';

export interface ProbeRequest {
  readonly id: string;
  readonly runId: string;
  /** Which seed of the run. */
  readonly replica: number;
  readonly kind: ProbeKind;
  /** The run's step when its weights were taken. */
  readonly step: number;
  /** The settings it is measured with (those in force when it was asked for). */
  readonly settings: ProbeRecordSettings;
  /** The line's start: 'init' or a run id. */
  readonly lineFrom?: string;
}

export type ProbeUpdate =
  | {
      readonly type: 'progress';
      readonly request: ProbeRequest;
      readonly done: number;
      readonly total: number;
      readonly latest?: number;
      readonly spend: ProbeSpend;
    }
  | {
      readonly type: 'finished';
      readonly request: ProbeRequest;
      readonly outcome: ProbeOutcome;
      readonly spend: ProbeSpend;
    }
  | { readonly type: 'failed'; readonly request: ProbeRequest; readonly message: string };

interface Entry {
  readonly request: ProbeRequest;
  readonly task: ProbeTask<ProbeOutcome>;
  readonly cost: ProbeCost;
  readonly owned: readonly tf.Tensor[];
  ms: number;
}

export class ProbeQueue {
  private readonly entries: Entry[] = [];

  /** Queues a probe; `owned` (its weight snapshots) is freed when it ends. `cost` is what the task counts into. */
  add(
    request: ProbeRequest,
    task: ProbeTask<ProbeOutcome>,
    cost: ProbeCost,
    owned: readonly tf.Tensor[],
  ): void {
    this.entries.push({ request, task, cost, owned, ms: 0 });
  }

  get pending(): readonly ProbeRequest[] {
    return this.entries.map((entry) => entry.request);
  }

  get idle(): boolean {
    return this.entries.length === 0;
  }

  /** Runs one slice of the oldest probe; undefined when none waits. */
  async slice(): Promise<ProbeUpdate | undefined> {
    const entry = this.entries[0];
    if (!entry) return undefined;
    const started = performance.now();
    try {
      const next = await entry.task.next();
      entry.ms += performance.now() - started;
      const spend = { ...entry.cost, ms: entry.ms };
      if (!next.done) return { type: 'progress', request: entry.request, ...next.value, spend };
      this.finish(entry);
      return { type: 'finished', request: entry.request, outcome: next.value, spend };
    } catch (error) {
      this.finish(entry);
      return {
        type: 'failed',
        request: entry.request,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /** Stops and forgets the probes that `match` selects (all by default), freeing what they hold. */
  async cancel(match: (request: ProbeRequest) => boolean = () => true): Promise<void> {
    for (const entry of this.entries.filter((e) => match(e.request))) {
      await entry.task.return(undefined as never);
      this.finish(entry);
    }
  }

  private finish(entry: Entry): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    tf.dispose([...entry.owned]);
  }

  dispose(): Promise<void> {
    return this.cancel();
  }
}
