/**
 * The training loop of one session: one lockstep tick at a time, device scalars read back about ten
 * times a second (or when an evaluation is due), everything handed to the stream, a macrotask yield
 * per tick so commands get through, and a CPU snapshot every so often for a backend switch. The
 * step-0 evaluation runs a slice per tick after the first step, so the first point is plotted as soon
 * as one step is done.
 */
import type { Session } from '../engine/session/session';
import type { MetricStream } from './metricStream';

const COLLECT_INTERVAL_MS = 100;
const MAX_PENDING_STEPS = 64;
/** Snapshot the runs' state to the host at least this often (ms of training). */
const SNAPSHOT_INTERVAL_MS = 10_000;

export interface LoopHooks {
  /** Whether to keep going (false once paused, stopped or replaced). */
  readonly shouldContinue: () => boolean;
  readonly evalEvery: number;
  readonly onFirstTick: (ms: number) => void;
  /** After each readback: the tick reached and when (epoch ms) its step finished. */
  readonly onProgress: (tick: number, stepDoneAt: number) => void;
  readonly onSnapshotDue: () => Promise<void>;
  /** Single-step mode: stop after this many ticks. */
  readonly maxTicks?: number;
}

/** Trains until told to stop or every run is finished; always leaves nothing pending in the stream. */
export async function runTrainingLoop(
  session: Session,
  stream: MetricStream,
  hooks: LoopHooks,
): Promise<void> {
  let lastCollect = performance.now();
  let lastSnapshot = performance.now();
  let ticks = 0;
  const drain = async () => {
    stream.addChunks(await session.collect());
    stream.addEvents(session.drainEvents());
    hooks.onProgress(session.tick, performance.timeOrigin + performance.now());
  };
  session.beginInitialEvaluation();
  while (
    hooks.shouldContinue() &&
    session.activeRuns.length > 0 &&
    ticks < (hooks.maxTicks ?? Number.POSITIVE_INFINITY)
  ) {
    const started = performance.now();
    session.trainStep();
    ticks += 1;
    const tick = session.tick;
    const evaluationDue = tick % hooks.evalEvery === 0 || tick === session.totalSteps;
    const now = performance.now();
    if (
      ticks === 1 ||
      evaluationDue ||
      session.pendingSteps >= MAX_PENDING_STEPS ||
      now - lastCollect >= COLLECT_INTERVAL_MS
    ) {
      await drain();
      if (ticks === 1) hooks.onFirstTick(performance.now() - started);
      lastCollect = now;
    }
    if (evaluationDue) {
      // The step goes out first: the page should not wait for the test set to see it.
      stream.flush(true);
      stream.addEvaluations(await session.evaluate());
    } else stream.addEvaluations(await session.advanceInitialEvaluation());
    if (now - lastSnapshot >= SNAPSHOT_INTERVAL_MS) {
      await hooks.onSnapshotDue();
      lastSnapshot = performance.now();
    }
    stream.flush();
    await yieldToEvents();
  }
  await drain();
  stream.addEvaluations(await session.finishInitialEvaluation());
  stream.flush(true);
}

/** A macrotask boundary (not clamped like nested setTimeout), so commands get through between steps. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
