/**
 * Memory of the per-seed training data: S seeds with a subset (and label noise) each draw their own
 * regime (session/seedStream.ts). Prints the bytes the seeds' training splits hold beyond the loaded
 * dataset (distinct array buffers: pixels, row numbers, labels, noise bookkeeping) and the growth of
 * Node's array-buffer memory, so a change in how subsets hold their images shows as a number.
 *   node --expose-gc --import tsx tools/bench/regimeMemory.ts [--dataset fashion-mnist] [--subset 50000] [--seeds 10]
 */
import { parseArgs } from 'node:util';
import { seedStreams } from '../../src/engine/session/seedStream';
import { loadDataset } from '../common/nodeData';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'fashion-mnist' },
    subset: { type: 'string', default: '50000' },
    seeds: { type: 'string', default: '10' },
    noise: { type: 'string', default: '0.4' },
  },
});
const subset = Number(values.subset);
const seeds = Number(values.seeds);
const rate = Number(values.noise);

/** Every typed array a split refers to (whatever fields this version of the code gives it). */
function buffersOf(split: object): ArrayBufferLike[] {
  return Object.values(split).flatMap((value) => (ArrayBuffer.isView(value) ? [value.buffer] : []));
}

const collect = () => (globalThis as { gc?: () => void }).gc?.();
const base = await loadDataset({ dataset: values.dataset, dataDir: 'public/data', seed: 1 });
collect();
const before = process.memoryUsage().arrayBuffers;
const regime = { subset, ...(rate > 0 ? { labelNoise: { kind: 'symmetric' as const, rate } } : {}) };
const streams = seedStreams(base, 128, 1, seeds, regime);
collect();
const after = process.memoryUsage().arrayBuffers;
const own = new Set(buffersOf(base.train));
const held = new Set(streams.flatMap((stream) => buffersOf(stream.dataset.train)).filter((b) => !own.has(b)));
const heldBytes = [...held].reduce((sum, buffer) => sum + buffer.byteLength, 0);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log(
  `${values.dataset}: ${base.train.count} training images (${mb(base.train.images.byteLength)} MB of pixels), ${seeds} seeds × subset ${subset}${rate > 0 ? `, label noise ${rate}` : ''}`,
);
console.log(`seeds' training data beyond the dataset: ${mb(heldBytes)} MB in ${held.size} buffers`);
console.log(`array-buffer memory growth: ${mb(after - before)} MB`);
