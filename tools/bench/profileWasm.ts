/**
 * Times one plain SGD training step of the "small CNN" preset on the tfjs WASM backend in Node, with a
 * per-kernel breakdown from tf.profile, and the same step on the tfjs CPU backend for scale.
 *
 *   npx tsx tools/bench/profileWasm.ts [--batch 64] [--steps 20] [--warmup 5] [--cpu-steps 3]
 *                              [--stock]          keep tfjs-backend-wasm's own slow kernels ("before")
 *                              [--filter-grad auto|conv|im2col]   Conv2DBackpropFilter formulation
 */
import * as tf from '@tensorflow/tfjs';
import { filterGradOptions } from '../../src/engine/backend/wasm/conv2dBackpropFilter';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import { type LayersTrainer, layersSgdTrainer } from '../../src/testing/layersTrainer';
import { aggregateKernels, type KernelRow } from './browser/types';
import { median } from './node';

interface Options {
  batch: number;
  steps: number;
  warmup: number;
  cpuSteps: number;
  stock: boolean;
  filterGrad: 'auto' | 'conv' | 'im2col';
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { batch: 64, steps: 20, warmup: 5, cpuSteps: 3, stock: false, filterGrad: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--batch') opts.batch = Number(next());
    else if (arg === '--steps') opts.steps = Number(next());
    else if (arg === '--warmup') opts.warmup = Number(next());
    else if (arg === '--cpu-steps') opts.cpuSteps = Number(next());
    else if (arg === '--stock') opts.stock = true;
    else if (arg === '--filter-grad') {
      const v = next();
      if (v !== 'auto' && v !== 'conv' && v !== 'im2col') throw new Error('--filter-grad auto|conv|im2col');
      opts.filterGrad = v;
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: npx tsx tools/bench/profileWasm.ts [--batch 64] [--steps 20] [--warmup 5] [--cpu-steps 3] [--stock]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

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

/** Runs warm-up then timed steps; `firstLoss` (loss of the very first step) must agree across backends. */
function timeSteps(
  trainer: LayersTrainer,
  warmup: number,
  steps: number,
): { times: number[]; firstLoss: number } {
  const firstLoss = trainer.step();
  for (let i = 1; i < warmup; i++) trainer.step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    trainer.step();
    times.push(performance.now() - t0);
  }
  return { times, firstLoss };
}

interface Breakdown {
  byName: string[][];
  byCall: string[][];
  total: number;
}

/** Mean per-kernel time over `runs` profiled steps, by kernel name and by (name, input shapes). */
async function kernelBreakdown(trainer: LayersTrainer, runs: number): Promise<Breakdown> {
  const kernels: Parameters<typeof aggregateKernels>[0][number][] = [];
  for (let r = 0; r < runs; r++) {
    const info = await tf.profile(() => {
      trainer.step();
    });
    kernels.push(...info.kernels);
  }
  const { byKernel, byCall, total } = aggregateKernels(kernels, runs);
  const rows = (list: readonly KernelRow[]) =>
    list.map((e) => [e.name, e.calls.toFixed(0), e.ms.toFixed(2), ((100 * e.ms) / total).toFixed(1)]);
  return { byName: rows(byKernel), byCall: rows(byCall), total };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  filterGradOptions.strategy = opts.filterGrad;
  const info = await initWasmBackendInNode({ replaceSlowStock: !opts.stock });
  console.log(
    `wasm backend: simd=${info.simd} threads=${info.threads} numThreads=${info.numThreads} ` +
      `(${opts.stock ? 'stock slow kernels kept' : 'XNNPACK grad kernels'}, filter grad: ${opts.filterGrad})`,
  );
  console.log(`small CNN, batch ${opts.batch}, plain SGD step (forward + backward + update)\n`);

  const { trainer, weights } = makeTrainer(opts.batch, null);
  const wasmRun = timeSteps(trainer, opts.warmup, opts.steps);
  const breakdown = await kernelBreakdown(trainer, 5);
  const numTensors = tf.memory().numTensors;
  trainer.dispose();

  await tf.setBackend('cpu');
  const cpu = makeTrainer(opts.batch, weights);
  const cpuRun = timeSteps(cpu.trainer, 1, opts.cpuSteps);
  cpu.trainer.dispose();

  const wasmMs = median(wasmRun.times);
  const cpuMs = median(cpuRun.times);
  console.log(
    table(
      ['backend', 'timed steps', 'median ms/step', 'min', 'max', 'loss of step 1'],
      [
        [
          'wasm',
          String(opts.steps),
          wasmMs.toFixed(1),
          Math.min(...wasmRun.times).toFixed(1),
          Math.max(...wasmRun.times).toFixed(1),
          wasmRun.firstLoss.toFixed(5),
        ],
        [
          'cpu',
          String(opts.cpuSteps),
          cpuMs.toFixed(1),
          Math.min(...cpuRun.times).toFixed(1),
          Math.max(...cpuRun.times).toFixed(1),
          cpuRun.firstLoss.toFixed(5),
        ],
      ],
    ),
  );
  console.log(
    `\nwasm speed-up over tfjs cpu: ${(cpuMs / wasmMs).toFixed(1)}×; tensors alive after wasm run: ${numTensors}`,
  );
  console.log(
    `\nwasm per-kernel time (tf.profile, mean of 5 profiled steps; sum ${breakdown.total.toFixed(1)} ms)\n`,
  );
  console.log(table(['kernel', 'calls', 'ms', '%'], breakdown.byName));
  console.log('\nmost expensive kernel calls by input shape\n');
  console.log(table(['kernel and input shapes', 'calls', 'ms', '%'], breakdown.byCall));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
