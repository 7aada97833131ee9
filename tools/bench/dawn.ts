/**
 * The headless WebGPU kit's benchmark: tfjs-backend-webgpu in Node on Dawn (no browser), timing SGD,
 * SAM and the BiSAMs on the small CNN like the other Node rows, plus the GPU dispatches and submits
 * per step. On a machine without a GPU, Dawn runs on SwiftShader (seconds a step); `gpu/run.sh` runs
 * the same on a real GPU, where a software adapter is refused unless allowed.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../../src/methods/metas';
import { initDawnBackend } from '../common/dawnBackend';
import { loadDataset } from '../common/nodeData';
import { type BenchRecord, benchMethods } from './node';

/** The methods the kit times: the baseline, SAM, and BiSAM with both lower bounds. */
export const DAWN_METHODS: readonly OptimizerName[] = ['sgd', 'sam', 'bisam-tanh', 'bisam-log'];

export interface DawnPlan {
  readonly methods: readonly OptimizerName[];
  readonly batches: readonly number[];
  /** Timed steps per method and batch, after its first (warm-up) step. */
  readonly steps: number;
  /** Refuse a fallback or software adapter (a GPU run that silently fell back proves nothing). */
  readonly requireHardware: boolean;
  readonly dataDir: string;
  readonly log: (text: string) => void;
}

export interface DawnBench {
  readonly adapter: string;
  readonly records: BenchRecord[];
}

export async function benchDawn(plan: DawnPlan): Promise<DawnBench> {
  tf.enableProdMode();
  const dawn = await initDawnBackend();
  if (plan.requireHardware && dawn.adapter.software)
    throw new Error(
      `the WebGPU adapter is ${dawn.adapter.name}, a software or fallback one (pass --allow-software to accept it)`,
    );
  const dataset = await loadDataset('fashion-mnist', plan.dataDir);
  const backend = `webgpu on Dawn: ${dawn.adapter.name}`;
  const records: BenchRecord[] = [];
  for (const batch of plan.batches) {
    plan.log(`node ${backend} batch ${batch}: ${plan.methods.join(', ')}, ${plan.steps} timed step(s) each`);
    const memorySteps = [2, plan.steps + 1];
    const rows = await benchMethods(dataset, backend, plan.methods, batch, plan.steps, memorySteps, 1, () =>
      dawn.counter.counts(),
    );
    records.push(...rows.map((row) => ({ ...row, adapter: dawn.adapter.name })));
  }
  return { adapter: dawn.adapter.name, records };
}
