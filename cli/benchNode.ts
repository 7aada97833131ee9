/**
 * Node half of `npm run bench`: the small CNN, one method at a time, on the WASM or CPU backend.
 * It steps the engine's Session with the worker's readback rule (one transfer per ~100 ms or 64
 * steps) and counts readbacks, so the figures describe what the app does, not an idealised loop.
 */
import * as tf from '@tensorflow/tfjs';
import { MODEL_PRESETS } from '../src/config/model';
import { DEFAULT_HYPERPARAMS, OPTIMIZER_INFO, type OptimizerName } from '../src/config/optimizers';
import type { ImageDataset } from '../src/engine/data/dataset';
import { Session } from '../src/engine/session/session';

export interface MemoryPoint {
  readonly step: number;
  readonly tensors: number;
  readonly bytes: number;
  /** GPU bytes held by tfjs, where the backend reports them (Chromium WebGL/WebGPU). */
  readonly gpuBytes?: number;
}

export interface BenchRecord {
  readonly host: 'node' | 'chromium' | 'pytorch';
  readonly backend: string;
  readonly method: string;
  readonly batch: number;
  readonly steps: number;
  readonly msPerStep: number;
  readonly stepsPerSecond: number;
  readonly examplesPerSecond: number;
  /** This method's ms/step over SGD's on the same host, backend and batch, in the same run. */
  ratioToSgd?: number;
  readonly gradEvalsPerStep?: number;
  readonly firstStepMs?: number;
  readonly readbacksPerStep?: number;
  /** Readbacks per step by who made them (metrics, snapshot, evaluation, other), where counted so. */
  readonly readbacksByCaller?: Record<string, number>;
  readonly memory?: MemoryPoint[];
  /** Chromium: the browser version and the GPU adapter of a WebGPU/WebGL record. */
  readonly browser?: string;
  readonly adapter?: string;
  readonly note?: string;
}

const COLLECT_INTERVAL_MS = 100;
const MAX_PENDING_STEPS = 64;

export async function benchMethod(
  dataset: ImageDataset,
  backend: string,
  method: OptimizerName,
  batch: number,
  steps: number,
  memorySteps: readonly number[],
): Promise<BenchRecord> {
  const session = new Session({
    dataset,
    layers: MODEL_PRESETS['small-cnn'].layers,
    batchSize: batch,
    seed: 1,
    totalSteps: steps + 1,
    evalExamples: 100,
    runs: [{ id: method, name: method, optimizer: method, hparams: DEFAULT_HYPERPARAMS }],
  });
  const firstStarted = performance.now();
  session.trainStep();
  await session.collect();
  const firstStepMs = performance.now() - firstStarted;
  const readbacks = countReadbacks();
  const times: number[] = [];
  const memory: MemoryPoint[] = [];
  let lastCollect = performance.now();
  for (let step = 2; step <= steps + 1; step++) {
    const started = performance.now();
    session.trainStep();
    const measureMemory = memorySteps.includes(step);
    if (
      measureMemory ||
      session.pendingSteps >= MAX_PENDING_STEPS ||
      performance.now() - lastCollect >= COLLECT_INTERVAL_MS
    ) {
      await session.collect();
      lastCollect = performance.now();
    }
    times.push(performance.now() - started);
    // Right after a readback, so pending per-step scalars do not blur the comparison.
    if (measureMemory) memory.push({ step, ...memoryNow() });
  }
  await session.collect();
  const readbackCount = readbacks.stop();
  session.dispose();
  const msPerStep = median(times);
  return {
    host: 'node',
    backend,
    method,
    batch,
    steps,
    msPerStep,
    stepsPerSecond: 1000 / msPerStep,
    examplesPerSecond: (1000 / msPerStep) * batch,
    gradEvalsPerStep: OPTIMIZER_INFO[method].gradEvalsPerStep,
    firstStepMs,
    readbacksPerStep: readbackCount / steps,
    memory,
  };
}

/**
 * Fills in each record's ratio to SGD of the same host, backend and batch, unless it has one already
 * (Chromium's lockstep sessions compare with the SGD run that trained beside them).
 */
export function addSgdRatios(records: BenchRecord[]): void {
  for (const record of records) {
    if (record.ratioToSgd !== undefined) continue;
    const sgd = records.find(
      (r) =>
        r.method === 'sgd' &&
        r.host === record.host &&
        r.backend === record.backend &&
        r.batch === record.batch,
    );
    if (sgd) record.ratioToSgd = record.msPerStep / sgd.msPerStep;
  }
}

function memoryNow(): { tensors: number; bytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { tensors: numTensors, bytes: numBytes };
}

/** Counts calls of Tensor.data() (the only readback the engine uses) until `stop`. */
function countReadbacks(): { stop: () => number } {
  const prototype = tf.Tensor.prototype as { data: (...args: unknown[]) => Promise<unknown> };
  const original = prototype.data;
  let count = 0;
  prototype.data = function (this: tf.Tensor, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  return {
    stop: () => {
      prototype.data = original;
      return count;
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
