/**
 * The training loop of one session: one lockstep tick at a time, device scalars read back about ten
 * times a second (or when an evaluation is due), everything handed to the stream, a macrotask yield
 * per tick so commands get through, and a CPU snapshot every so often (for a backend switch and the
 * page's autosave), taken only after every step before it has been sent. The step-0 evaluation runs
 * a slice per tick after the first step, so the first point is plotted as soon as one step is done.
 */
import type { Session } from '../engine/session/session';
import type { MetricStream } from './metricStream';
import type { RobustRunner } from './robustRunner';

const COLLECT_INTERVAL_MS = 100;
const MAX_PENDING_STEPS = 64;
/** Snapshot the runs' state to the host at least this often (ms of training). */
const SNAPSHOT_INTERVAL_MS = 5_000;

export interface LoopHooks {
  /** Whether to keep going (false once paused, stopped or replaced). */
  readonly shouldContinue: () => boolean;
  readonly evalEvery: number;
  readonly onFirstTick: (ms: number) => void;
  /** After each readback: the tick reached and when (epoch ms) its step finished. */
  readonly onProgress: (tick: number, stepDoneAt: number) => void;
  readonly onSnapshotDue: () => Promise<void>;
  /** Ms of training between snapshots (default SNAPSHOT_INTERVAL_MS). */
  readonly snapshotEveryMs?: number;
  /** Single-step mode: stop after this many ticks. */
  readonly maxTicks?: number;
  /** After each tick (scheduled probes). */
  readonly onTick?: (tick: number) => void;
  /** Robust evaluation with each evaluation, advanced between steps (absent: none). */
  readonly robust?: RobustRunner;
  /** Awaited before each step: work that needs the worker's event loop to finish (a checkpoint's write). */
  readonly beforeStep?: () => Promise<void>;
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
  /** Reads the pending steps back; only a read that brought steps dates the newest step. */
  const drain = async () => {
    const chunks = await session.collect();
    stream.addChunks(chunks);
    stream.addEvents(session.drainEvents());
    if (chunks.length > 0) hooks.onProgress(session.tick, performance.timeOrigin + performance.now());
  };
  session.beginInitialEvaluation();
  // Only copies the step-0 weights now; its slices run between the steps.
  if (session.tick === 0) await hooks.robust?.start(session);
  while (
    hooks.shouldContinue() &&
    session.activeRuns.length > 0 &&
    ticks < (hooks.maxTicks ?? Number.POSITIVE_INFINITY)
  ) {
    await hooks.beforeStep?.();
    const started = performance.now();
    session.trainStep();
    ticks += 1;
    const tick = session.tick;
    hooks.onTick?.(tick);
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
      // The steps go out before this tick's evaluation work (a slice of the step-0 evaluation of 32
      // replicas takes a third of a second); before a full evaluation, whatever the interval.
      stream.flush(evaluationDue);
    }
    if (evaluationDue) {
      stream.addEvaluations(await session.evaluate());
      await hooks.robust?.start(session);
    } else {
      stream.addEvaluations(await session.advanceInitialEvaluation());
      // About as long on robust slices as on the step: training goes on at about half speed.
      await hooks.robust?.advance(performance.now() - started);
    }
    if (now - lastSnapshot >= (hooks.snapshotEveryMs ?? SNAPSHOT_INTERVAL_MS)) {
      // Every step before the snapshot goes out first: a page that saves the snapshot with the
      // points it holds must hold all of them, or the steps in between are lost on resume.
      await drain();
      stream.flush(true);
      await hooks.onSnapshotDue();
      lastSnapshot = performance.now();
    }
    stream.flush();
    await yieldToEvents();
  }
  await drain();
  stream.addEvaluations(await session.finishInitialEvaluation());
  // Every run finished: the last evaluation's robust records are still due.
  if (session.activeRuns.length === 0) await hooks.robust?.finish();
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
