/**
 * The robust evaluation inside the worker: one job at a time, started at each evaluation, advanced
 * between training steps with about as much time as the step took (so training runs at about half
 * speed meanwhile, not stopped), and its records sent as `robust` events. A job still running when
 * the next evaluation is due is finished first, so every evaluation step gets its robust records.
 * A job in progress goes into the session's snapshots (`pending`) and is started again from a
 * restored one (`resume`): without it, a session resumed from an autosave taken mid-evaluation
 * never got that evaluation's records.
 */
import type { SessionEvent } from '../config/stream';
import type { RobustJob } from '../engine/evaluation/robustJob';
import type { Session, SessionSnapshot } from '../engine/session/session';
import { yieldToEvents } from './trainLoop';

/** Ms of slices between two yields while a job is finished in one go. */
const FINISH_SLICE_MS = 50;

export interface RobustProgress {
  /** The step the running evaluation attacks. */
  readonly step: number;
  readonly completedSlices: number;
  readonly totalSlices: number;
}

export class RobustRunner {
  private job?: RobustJob;
  /** The tick the latest evaluation was started at: the same weights give the same records. */
  private startedAt?: number;
  /**
   * One operation at a time: the training loop advances the job while a command ("evaluate now", a
   * reset) may finish or drop it; interleaved, both could read or free the same job.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly emit: (events: SessionEvent[]) => void) {}

  get progress(): RobustProgress | undefined {
    if (!this.job) return undefined;
    return { step: Math.max(0, ...this.job.steps), ...this.job.progress };
  }

  /**
   * At an evaluation: completes the running job, then starts one on the runs' current weights. A
   * second start at the same tick (resuming at step 0, "evaluate now" while paused) does nothing:
   * the attacks are seeded, so it would repeat the same records.
   */
  start(session: Session): Promise<void> {
    return this.serial(async () => {
      if (this.startedAt === session.tick) return;
      await this.finishJob();
      this.startedAt = session.tick;
      this.job = session.startRobustEvaluation();
    });
  }

  /** Between training steps: slices for about `budgetMs`. */
  advance(budgetMs: number): Promise<void> {
    return this.serial(async () => {
      const records = await this.job?.advance(budgetMs);
      if (records) await this.complete(records);
    });
  }

  /** Runs the current job to the end (when training stops, or before the next one starts). */
  finish(): Promise<void> {
    return this.serial(() => this.finishJob());
  }

  /** The job in progress as a snapshot keeps it, with the tick it started at; none when there is none. */
  pending(): Promise<SessionSnapshot['robust']> {
    return this.serial(async () => {
      const { job, startedAt } = this;
      return job && startedAt !== undefined ? { tick: startedAt, job: await job.snapshot() } : undefined;
    });
  }

  /** After a restore: the current job is dropped and the snapshot's pending one starts again. */
  resume(session: Session, pending: SessionSnapshot['robust']): Promise<void> {
    return this.serial(async () => {
      await this.release();
      this.startedAt = pending?.tick;
      if (pending) this.job = session.resumeRobustEvaluation(pending.job);
    });
  }

  /** Drops the current job without results (reset, new configuration, backend switch). */
  cancel(): Promise<void> {
    return this.serial(async () => {
      this.startedAt = undefined;
      await this.release();
    });
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.queue.then(operation);
    // A failed operation is reported to its caller; the next one still runs.
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs the job's remaining slices, yielding to the worker's events between them: with S seeds a
   * job is S times longer, and commands (pause, probes, replay) must still get through meanwhile.
   */
  private async finishJob(): Promise<void> {
    for (let job = this.job; job && job === this.job; job = this.job) {
      const records = await job.advance(FINISH_SLICE_MS);
      if (records) return this.complete(records);
      await yieldToEvents();
    }
  }

  private async complete(records: Awaited<ReturnType<RobustJob['finish']>>): Promise<void> {
    this.emit(records.map((record) => ({ kind: 'robust', runId: record.runId, step: record.step, record })));
    await this.release();
  }

  private async release(): Promise<void> {
    const job = this.job;
    this.job = undefined;
    await job?.dispose();
  }
}
