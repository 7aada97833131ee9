/**
 * What the worker tells the page about its session besides the metrics themselves: the 'ready' event
 * of a new session, each run's status, the progress line and the first-step notice. Pure functions
 * of what the controller holds, so the controller only decides when to send them.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/schema';
import type { BackendReport } from '../engine/backend/select';
import { exampleValues, type ImageDataset } from '../engine/data/dataset';
import { isPlanar } from '../engine/session/dataRegimeEvaluation';
import type { Session } from '../engine/session/session';
import {
  type Activity,
  MAX_BOUNDARY_POINTS,
  type Progress,
  type RunStatus,
  type TrainingPoints,
  type WorkerEvent,
} from './protocol';
import type { RobustProgress } from './robustRunner';
import { runStatus } from './runStatus';
import type { ThroughputMeter } from './throughput';

/** The page's first news of a freshly built session: sizes, class names and, for 2-D data, the points. */
export function readyEvent(session: Session, generation: number): WorkerEvent {
  const dataset = session.trainingDataOf(0);
  return {
    type: 'ready',
    generation,
    paramCount: session.paramCount,
    stepsPerEpoch: session.batcher.stepsPerEpoch,
    trainCount: dataset.train.count,
    testCount: dataset.test.count,
    classNames: [...dataset.classNames],
    ...planarPoints(dataset),
  };
}

/** The first training points of 2-D data (with the labels training sees), for the boundary view. */
function planarPoints(dataset: ImageDataset): { points?: TrainingPoints } {
  if (!isPlanar(dataset)) return {};
  const count = Math.min(dataset.train.count, MAX_BOUNDARY_POINTS);
  const xy = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) xy.set(exampleValues(dataset.train, i, 2), 2 * i);
  return { points: { xy, labels: dataset.train.labels.slice(0, count) } };
}

/** Each run's status (its replicas' summed up), in the session's run order. */
export function runStatusesOf(session: Session | undefined, backend: BackendReport | undefined): RunStatus[] {
  if (!session) return [];
  const ids = [...new Set(session.runList.map((run) => run.id))];
  return ids.map((id) => runStatus(session.replicasOf(id), synchronousBackend(backend)));
}

/** On CPU and WASM ops run when called, so timing a run's step call measures it; GPUs only enqueue. */
function synchronousBackend(backend: BackendReport | undefined): boolean {
  return backend?.backend === 'wasm' || backend?.backend === 'cpu';
}

/** Examples trained so far, summed over the runs (for examples per second). */
export function examplesTrained(session: Session, config: ExperimentConfig | undefined): number {
  return session.runList.reduce((sum, run) => sum + run.step, 0) * (config?.batchSize ?? 0);
}

export interface ProgressSources {
  readonly session?: Session;
  readonly config?: ExperimentConfig;
  readonly throughput: ThroughputMeter;
  /** When (epoch ms) the latest step finished. */
  readonly lastStepAt?: number;
  readonly robust?: RobustProgress;
}

/** The progress line every metrics message carries: steps, speed, memory and evaluations under way. */
export function progressOf({ session, config, throughput, lastStepAt, robust }: ProgressSources): Progress {
  const tick = session?.tick ?? 0;
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  const initialEvaluation = session?.initialEvaluationProgress;
  return {
    step: tick,
    totalSteps: config?.steps ?? 0,
    epoch: session ? tick / session.batcher.stepsPerEpoch : 0,
    stepsPerEpoch: session?.batcher.stepsPerEpoch ?? 0,
    stepsPerSecond: throughput.stepsPerSecond(),
    examplesPerSecond: throughput.examplesPerSecond(),
    elapsedMs: throughput.elapsedMs(),
    numTensors: memory.numTensors,
    numBytes: memory.numBytes,
    ...(memory.numBytesInGPU === undefined ? {} : { gpuBytes: memory.numBytesInGPU }),
    ...(lastStepAt === undefined ? {} : { lastStepAt }),
    ...(initialEvaluation ? { initialEvaluation } : {}),
    ...(robust ? { robust } : {}),
  };
}

/** Says the first tick has begun: on a GPU's first step (shaders compiling) it can take long. */
export function firstStepActivity(
  session: Session,
  backend: BackendReport | undefined,
  throughput: ThroughputMeter,
): Activity {
  const stepsPerSecond = throughput.stepsPerSecond();
  const name = backend?.backend;
  return {
    kind: 'firstStep',
    compilesShaders: (name === 'webgl' || name === 'webgpu') && backend?.firstStepMs === undefined,
    runs: session.activeRuns.length,
    startedAt: performance.timeOrigin + performance.now(),
    ...(stepsPerSecond > 0 ? { estimateMs: 1000 / stepsPerSecond } : {}),
  };
}
