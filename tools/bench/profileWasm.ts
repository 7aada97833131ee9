/**
 * `npm run profile:wasm`: where a training step's time goes on tfjs WASM in Node, per kernel, with the
 * benchmark's one profiler (profile.ts). By default the plain tf.layers SGD step of the small CNN (the
 * workload of the WASM kernels' trajectory test), also timed on tfjs CPU for scale; `--stock` keeps
 * tfjs-backend-wasm's own slow kernels (the "before"). With `--methods`, the engine's own step of each
 * method instead, as `npm run bench` profiles them. Exit codes: 0 done, 1 failed, 2 bad flags.
 */
import * as tf from '@tensorflow/tfjs';
import { filterGradOptions } from '../../src/engine/backend/wasm/conv2dBackpropFilter';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/methods/metas';
import { type LayersTrainer, layersSgdTrainer } from '../../src/testing/layersTrainer';
import { choice, flagsOf, int, list, runTool, toggle } from '../common/flags';
import { quietTfjs } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';
import type { KernelRow } from './browser/types';
import { type KernelBreakdown, profileKernels, profileMethod, timeSteps } from './profile';
import { median } from './stats';
import { markdownTable, profileTable } from './tables';

const USAGE = `usage: npm run profile:wasm -- [flags]
  --batch N            batch size (default 64)
  --warmup N           untimed steps first (default 5)
  --steps N            timed steps after them (default 20)
  --profiled N         steps under tf.profile (default 5)
  --cpu-steps N        the same step timed on tfjs CPU, for scale (default 3; 0: none)
  --stock              keep tfjs-backend-wasm's own slow kernels ("before")
  --filter-grad NAME   auto | conv | im2col: the Conv2DBackpropFilter formulation (default auto)
  --methods LIST       the engine's step of these methods instead (e.g. sgd,sam,bisam-log);
                       then the step time is the median of the warm-up steps after the first`;

const PROFILE_FLAGS = {
  batch: int(64, 1, 1024),
  warmup: int(5, 1, 100_000),
  steps: int(20, 1, 100_000),
  profiled: int(5, 1, 1000),
  cpuSteps: int(3, 0, 1000),
  stock: toggle(),
  filterGrad: choice(['auto', 'conv', 'im2col'], 'auto'),
  methods: list(OPTIMIZER_NAMES, []),
};
type Options = ReturnType<typeof flagsOf<typeof PROFILE_FLAGS>>['values'];

/** The app's "small CNN" preset: 28×28×1 → conv16 → pool → conv32 → pool → dense32 → 10 logits. */
function smallCnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/** Deterministic pseudo-data (mulberry32) so runs are comparable. */
function seededValues(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) * scale;
  }
  return out;
}

function makeTrainer(
  batch: number,
  weights: Float32Array[] | null,
): { trainer: LayersTrainer; weights: Float32Array[] } {
  const model = smallCnn();
  if (weights)
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape)));
  const snapshot = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const xs = tf.tensor4d(seededValues(batch * 28 * 28, 7, 2), [batch, 28, 28, 1]);
  const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const trainer = layersSgdTrainer(model, xs, ys, 0.05);
  return { trainer, weights: snapshot };
}

/** Timed steps after the warm-up; `firstLoss` (loss of the very first step) must agree across backends. */
async function timeTrainer(
  trainer: LayersTrainer,
  warmup: number,
  steps: number,
): Promise<{ times: number[]; firstLoss: number }> {
  const firstLoss = trainer.step();
  for (let i = 1; i < warmup; i++) trainer.step();
  return { times: await timeSteps(() => trainer.step(), steps), firstLoss };
}

function kernelRows(list: readonly KernelRow[], total: number): string[][] {
  return list.map((e) => [e.name, e.calls.toFixed(0), e.ms.toFixed(2), ((100 * e.ms) / total).toFixed(1)]);
}

async function profilePlainStep(opts: Options, backendLine: string): Promise<void> {
  console.log(
    `${backendLine}\nsmall CNN, batch ${opts.batch}, plain SGD step (forward + backward + update)\n`,
  );
  const { trainer, weights } = makeTrainer(opts.batch, null);
  const runs = [
    { backend: 'wasm', steps: opts.steps, ...(await timeTrainer(trainer, opts.warmup, opts.steps)) },
  ];
  const breakdown: KernelBreakdown = await profileKernels(() => trainer.step(), opts.profiled);
  const numTensors = tf.memory().numTensors;
  trainer.dispose();
  if (opts.cpuSteps > 0) {
    await tf.setBackend('cpu');
    const cpu = makeTrainer(opts.batch, weights);
    runs.push({
      backend: 'cpu',
      steps: opts.cpuSteps,
      ...(await timeTrainer(cpu.trainer, 1, opts.cpuSteps)),
    });
    cpu.trainer.dispose();
  }
  const ms = runs.map(({ times }) => median(times));
  console.log(
    markdownTable(
      ['backend', 'timed steps', 'median ms/step', 'min', 'max', 'loss of step 1'],
      runs.map(({ backend, steps, times, firstLoss }, i) => [
        backend,
        steps,
        (ms[i] as number).toFixed(1),
        Math.min(...times).toFixed(1),
        Math.max(...times).toFixed(1),
        firstLoss.toFixed(5),
      ]),
    ),
  );
  const speedUp =
    ms[1] === undefined ? '' : `wasm speed-up over tfjs cpu: ${(ms[1] / (ms[0] as number)).toFixed(1)}×; `;
  console.log(`\n${speedUp}tensors alive after wasm run: ${numTensors}`);
  console.log(
    `\nwasm per-kernel time (tf.profile, mean of ${opts.profiled} profiled steps; sum ${breakdown.total.toFixed(1)} ms)\n`,
  );
  console.log(markdownTable(['kernel', 'calls', 'ms', '%'], kernelRows(breakdown.byKernel, breakdown.total)));
  console.log('\nmost expensive kernel calls by input shape\n');
  console.log(
    markdownTable(
      ['kernel and input shapes', 'calls', 'ms', '%'],
      kernelRows(breakdown.byCall, breakdown.total),
    ),
  );
}

async function profileMethods(opts: Options, backendLine: string, label: string): Promise<void> {
  console.log(
    `${backendLine}\nsmall CNN, batch ${opts.batch}, the engine's step of ${opts.methods.join(', ')}\n`,
  );
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  const results = [];
  for (const method of opts.methods as OptimizerName[])
    results.push(await profileMethod(dataset, label, method, opts.batch, opts.warmup, opts.profiled));
  console.log(profileTable(results, 12));
}

async function main(argv: string[]): Promise<number> {
  const opts = flagsOf(argv, PROFILE_FLAGS, USAGE).values;
  quietTfjs();
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  filterGradOptions.strategy = opts.filterGrad;
  const info = await initWasmBackendInNode({ replaceSlowStock: !opts.stock });
  const backendLine =
    `wasm backend: simd=${info.simd} threads=${info.threads} numThreads=${info.numThreads} ` +
    `(${opts.stock ? 'stock slow kernels kept' : 'XNNPACK grad kernels'}, filter grad: ${opts.filterGrad})`;
  if (opts.methods.length === 0) await profilePlainStep(opts, backendLine);
  else
    await profileMethods(
      opts,
      backendLine,
      `node wasm (SIMD ${info.simd ? 'on' : 'off'}, ${info.numThreads} thread)`,
    );
  return 0;
}

runTool('profile:wasm', USAGE, main);
