/**
 * One replica of a study: every method trained in lockstep on one seed under one data regime (the
 * engine's Session, so the methods share initial weights and batches and stay paired), then the
 * end-of-training probes and robust evaluation. Returns plain numbers, ready to cache as JSON.
 */

import { replicaKey } from '../../src/config/metrics';
import { MODEL_PRESETS } from '../../src/config/model';
import { DEFAULT_PROBE_CONFIG, type ProbeConfig, probeConfigSchema } from '../../src/config/probes';
import {
  DEFAULT_ROBUST,
  type RobustConfig,
  type RobustRecord,
  robustConfigSchema,
} from '../../src/config/robust';
import type { RunConfig } from '../../src/config/schema';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { applyDataRegime } from '../../src/engine/data/regime';
import { probeRecord, SessionProbes } from '../../src/engine/probes/sessionProbes';
import { Session } from '../../src/engine/session/session';
import { MetricLog } from '../cli/metricLog';
import type { Regime, Study } from './definition';
import { type Curve, finalMetrics, type RunCurves, stepCurve } from './replicaMetrics';

/** Device scalars are read back every this many steps (one transfer for all runs). */
const COLLECT_EVERY = 10;

export interface ReplicaResult {
  readonly regime: string;
  readonly seed: number;
  /** Final scalars per method: testAccuracy, flipRate, lambdaMax, trace, ce.flips, pgd@4, ... */
  readonly finals: Record<string, Record<string, number>>;
  /** Curves per method: flipRate and testAccuracy over training. */
  readonly curves: Record<string, RunCurves>;
  readonly ms: number;
}

export function probeSettings(study: Study): ProbeConfig | undefined {
  if (!study.probes?.kinds?.length) return undefined;
  return probeConfigSchema.parse({ ...DEFAULT_PROBE_CONFIG, ...study.probes, every: 0 });
}

export function robustSettings(study: Study): RobustConfig | undefined {
  return study.robust ? robustConfigSchema.parse({ ...DEFAULT_ROBUST, ...study.robust }) : undefined;
}

export async function runReplica(
  study: Study,
  runs: readonly RunConfig[],
  base: ImageDataset,
  regime: Regime,
  seed: number,
  onStep: (step: number) => void,
): Promise<ReplicaResult> {
  const started = performance.now();
  const dataset = applyDataRegime(base, regime, seed);
  const layers = MODEL_PRESETS[study.model].layers;
  const robust = robustSettings(study);
  const session = new Session({
    dataset,
    layers,
    batchSize: study.batch,
    seed,
    totalSteps: study.steps,
    evalExamples: study.evalExamples,
    ...(robust ? { robust } : {}),
    runs,
  });
  const log = new MetricLog(session.runList);
  log.addEvaluations(await session.evaluate());
  for (let step = 1; step <= study.steps && session.activeRuns.length > 0; step++) {
    session.trainStep();
    const evaluating = step % study.evalEvery === 0 || step === study.steps;
    if (step % COLLECT_EVERY === 0 || evaluating) {
      log.addChunks(await session.collect());
      onStep(step);
    }
    if (evaluating) log.addEvaluations(await session.evaluate());
  }
  log.addChunks(await session.collect());
  const probes = await finalProbes(session, study, seed);
  const robustRecords = await finalRobust(session);
  session.dispose();
  const finals: ReplicaResult['finals'] = {};
  const curves: ReplicaResult['curves'] = {};
  for (const run of runs) {
    // One seed per session here (the study loops over seeds), so each run is its replica 0.
    const key = replicaKey({ runId: run.id, replica: 0 });
    finals[run.id] = finalMetrics(run.id, key, log, probes, robustRecords);
    curves[run.id] = runCurves(key, log);
  }
  return { regime: regime.id, seed, finals, curves, ms: performance.now() - started };
}

function runCurves(key: string, log: MetricLog): RunCurves {
  const runLog = log.runs.get(key);
  const evaluations = runLog?.evaluations ?? [];
  const testAccuracy: Curve = {
    steps: evaluations.map((e) => e.step),
    values: evaluations.map((e) => e.testAccuracy),
  };
  return { testAccuracy, ...(runLog ? { flipRate: stepCurve(runLog, 'flipRate') } : {}) };
}

async function finalProbes(session: Session, study: Study, seed: number) {
  const config = probeSettings(study);
  if (!config) return [];
  const layers = MODEL_PRESETS[study.model].layers;
  const probes = new SessionProbes(session, layers, config, seed);
  probes.requestAll(config.kinds);
  const records = [];
  for (let update = await probes.slice(); update; update = await probes.slice()) {
    if (update.type === 'failed')
      throw new Error(`probe ${update.request.kind} of ${update.request.runId}: ${update.message}`);
    if (update.type === 'finished') records.push(probeRecord(update));
  }
  await probes.dispose();
  return records;
}

async function finalRobust(session: Session): Promise<RobustRecord[]> {
  const job = session.startRobustEvaluation();
  if (!job) return [];
  const records = await job.finish();
  await job.dispose();
  return records;
}
