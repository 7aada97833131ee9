/**
 * The CLI's comparison: the config the flags describe (the app's own `ExperimentConfig`, so the same
 * settings train the same replicas here and in the page), trained in lockstep with a progress callback.
 */
import { CONFIG_VERSION, type ExperimentConfig } from '../../src/config/schema';
import type { Session } from '../../src/engine/session/session';
import { MetricLog } from './metricLog';
import { StepTimer } from './stepTimer';
import type { TrainOptions } from './trainFlags';

/** Read the device scalars back every this many steps (one readback for all runs). */
const COLLECT_EVERY = 10;

/** The app configuration of these flags (the CLI's synthetic dataset aside, which the page does not offer). */
export function experimentConfigOf(options: TrainOptions): ExperimentConfig {
  return {
    version: CONFIG_VERSION,
    dataset: options.dataset === 'synthetic' ? 'fashion-mnist' : options.dataset,
    ...(options.toyNoise === undefined ? {} : { toyNoise: options.toyNoise }),
    ...(options.subset === undefined ? {} : { subset: options.subset }),
    ...(options.labelNoise ? { labelNoise: options.labelNoise } : {}),
    ...(options.augment ? { augment: options.augment } : {}),
    model: options.model,
    batchSize: options.batch,
    steps: options.steps,
    seed: options.seed,
    seeds: options.seeds,
    sweep: options.sweep,
    evalEvery: options.evalEvery,
    evalExamples: options.evalExamples,
    backend: options.backend,
    ...(options.robust ? { robust: options.robust } : {}),
    runs: options.runs,
  };
}

export interface TrainedComparison {
  readonly log: MetricLog;
  readonly timer: StepTimer;
  readonly elapsedMs: number;
}

export interface TrainHooks {
  /** After each readback of the device scalars. */
  readonly onCollect?: (step: number, evaluating: boolean, log: MetricLog, elapsedMs: number) => void;
  /** After each test-set evaluation (the one before training too), e.g. robust accuracy. */
  readonly afterEvaluation?: () => Promise<void>;
  /** After each step (and its evaluation), e.g. scheduled probes. */
  readonly afterStep?: (step: number) => Promise<void>;
}

/** Trains until the configured length or until every replica stopped. */
export async function trainComparison(
  session: Session,
  options: Pick<TrainOptions, 'steps' | 'evalEvery'>,
  hooks: TrainHooks = {},
): Promise<TrainedComparison> {
  const log = new MetricLog(session.runList);
  const timer = new StepTimer(session.runList);
  const started = performance.now();
  log.addEvaluations(await session.evaluate());
  await hooks.afterEvaluation?.();
  for (let step = 1; step <= options.steps && session.activeRuns.length > 0; step++) {
    session.trainStep();
    const evaluating = step % options.evalEvery === 0 || step === options.steps;
    if (step % COLLECT_EVERY === 0 || evaluating) {
      log.addChunks(await session.collect());
      hooks.onCollect?.(step, evaluating, log, performance.now() - started);
    }
    if (evaluating) {
      log.addEvaluations(await session.evaluate());
      await hooks.afterEvaluation?.();
    }
    await hooks.afterStep?.(step);
  }
  log.addChunks(await session.collect());
  return { log, timer, elapsedMs: performance.now() - started };
}
