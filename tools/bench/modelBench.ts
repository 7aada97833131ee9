/**
 * `npm run bench -- --model resnet20 --data cifar-shaped`: one model preset's step time in Node on
 * WASM, at a few batch sizes, with the main benchmark's interleaved timing (node.ts). The data is
 * either Fashion-MNIST or generated CIFAR-shaped images (32×32×3, 10 classes): step time depends on
 * the shapes only, so no CIFAR-10 download is needed to know what a CIFAR step costs.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelPresetName } from '../../src/config/model';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { syntheticDataset } from '../../src/engine/data/synthetic';
import type { OptimizerName } from '../../src/methods/metas';
import { loadDataset } from '../common/nodeData';
import { type BenchRecord, benchMethods } from './node';

export const MODEL_BENCH_DATA = ['fashion-mnist', 'cifar-shaped'] as const;
export type ModelBenchData = (typeof MODEL_BENCH_DATA)[number];

/** Timed steps are spread over this many interleaved rounds (load bursts fall on every method). */
const ROUNDS = 2;

export interface ModelBenchPlan {
  readonly model: ModelPresetName;
  readonly data: ModelBenchData;
  readonly methods: readonly OptimizerName[];
  readonly batches: readonly number[];
  readonly steps: number;
}

function benchData(data: ModelBenchData): Promise<ImageDataset> {
  if (data === 'fashion-mnist') return loadDataset('fashion-mnist', 'public/data');
  return Promise.resolve(
    syntheticDataset({ trainCount: 1024, testCount: 128, imageShape: [32, 32, 3], numClasses: 10 }),
  );
}

/** One line per record: wall and CPU ms per step (on a busy machine the CPU time is the fairer figure). */
export function modelBenchLines(records: readonly BenchRecord[]): string[] {
  const ms = (value: number | undefined) =>
    value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
  return records.map(
    (r) =>
      `| ${r.backend} | ${r.method} | ${r.batch} | ${r.steps} | ${ms(r.msPerStep)} | ${ms(r.cpuMsPerStep)} | ${ms(r.firstStepMs)} |`,
  );
}

export const MODEL_BENCH_HEADER = [
  '| workload | method | batch | timed steps | wall ms/step | CPU ms/step | first step ms |',
  '|---|---|---|---|---|---|---|',
];

export async function benchModelInNode(plan: ModelBenchPlan): Promise<BenchRecord[]> {
  tf.enableProdMode();
  const dataset = await benchData(plan.data);
  const wasm = await initWasmBackendInNode();
  const backend = `${plan.model} on ${plan.data}: wasm (SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.numThreads} thread)`;
  const records: BenchRecord[] = [];
  for (const batch of plan.batches)
    records.push(
      ...(await benchMethods(
        dataset,
        backend,
        plan.methods,
        batch,
        plan.steps,
        [],
        ROUNDS,
        undefined,
        plan.model,
      )),
    );
  return records;
}
