/**
 * `npm run bench:filter-grad-threads`: does the SIMD filter gradient scale to two threads on this machine,
 * away from tfjs? The same passes the training worker and its helper run (filterGradPasses.ts), on one shared
 * WebAssembly memory, timed in rounds: the whole job on this thread alone, its first half alone, then both halves
 * at once, this thread and a worker thread. If the halves run as fast together as apart, the kernel and the
 * machine scale, and a smaller gain inside a training step comes from what else runs there (README,
 * Performance). Numbers are printed, not asserted. Exit codes: 0 done, 1 failed, 2 bad flags.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  type FilterGradJob,
  imageBytes,
  imagesOf,
  passesOn,
  runFilterGradJob,
} from '../../src/engine/backend/wasm/filterGradPasses';
import { flagsOf, int, runTool } from '../common/flags';
import { median } from './stats';

const USAGE = `usage: npm run bench:filter-grad-threads -- [flags]
  --batch N    images (even; default 64): the small CNN's second layer, 14×14×16 → 32, 3×3
  --reps N     jobs per timing (default 20)
  --rounds N   rounds of the three timings (default 8)`;

const FLAGS = { batch: int(64, 2, 1024), reps: int(20, 1, 10_000), rounds: int(8, 1, 1000) };

/** Control words: the round the worker should run (-1: stop), the round it finished, its time in µs. */
const [GO, DONE, MICROS] = [0, 1, 2];

interface Shared {
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  job: FilterGradJob;
  reps: number;
}

/** The second layer's job laid out on a fresh shared memory, x and dy filled with fixed non-zero values. */
function sharedLayerJob(images: number): { memory: WebAssembly.Memory; job: FilterGradJob } {
  const layer = { oh: 14, ow: 14, ci: 16, co: 32, kh: 3, kw: 3 };
  const perImage = imageBytes(layer);
  const [x, dy] = [64, 64 + images * perImage.x];
  const job: FilterGradJob = { ...layer, images, x, dy, dw: dy + images * perImage.dy };
  const { kh, kw, ci, co } = layer;
  const end = job.dw + 2 * kh * kw * ci * co * 4;
  const pages = Math.ceil(end / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const floats = new Float32Array(memory.buffer, 0, end / 4);
  for (let i = 0; i < floats.length; i++) floats[i] = Math.sin(i);
  return { memory, job };
}

/** Each half of the job accumulates into a dW of its own, as the helper's chunks do. */
const half = (job: FilterGradJob, which: 0 | 1): FilterGradJob =>
  imagesOf(
    job,
    (which * job.images) / 2,
    job.images / 2,
    job.dw + which * job.kh * job.kw * job.ci * job.co * 4,
  );

function timeReps(reps: number, run: () => void): number {
  const start = performance.now();
  for (let r = 0; r < reps; r++) run();
  return (performance.now() - start) / reps;
}

/** The worker: the second half, each time the main thread opens a round. */
function workerLoop({ memory, control, job, reps }: Shared): void {
  const words = new Int32Array(control);
  const built = passesOn(memory);
  const pass = (taps: number, vectors: number) => built(taps, vectors, job.ci);
  parentPort?.postMessage('ready');
  for (let seen = 0; ; ) {
    Atomics.wait(words, GO, seen);
    seen = Atomics.load(words, GO);
    if (seen < 0) return;
    const ms = timeReps(reps, () => runFilterGradJob(half(job, 1), pass));
    Atomics.store(words, MICROS, Math.round(ms * 1000));
    Atomics.store(words, DONE, seen);
    Atomics.notify(words, DONE);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = flagsOf(argv, FLAGS, USAGE);
  const images = values.batch - (values.batch % 2);
  const { memory, job } = sharedLayerJob(images);
  const control = new SharedArrayBuffer(12);
  const words = new Int32Array(control);
  const shared: Shared = { memory, control, job, reps: values.reps };
  // A worker does not inherit tsx's loader: it registers it, then imports this file as the worker.
  const bootstrap = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), {
    workerData: shared,
  });
  await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  const built = passesOn(memory);
  const pass = (taps: number, vectors: number) => built(taps, vectors, job.ci);
  const times = {
    alone: [] as number[],
    half: [] as number[],
    beside: [] as number[],
    worker: [] as number[],
    together: [] as number[],
  };
  for (let round = 1; round <= values.rounds; round++) {
    times.alone.push(timeReps(values.reps, () => runFilterGradJob(job, pass)));
    times.half.push(timeReps(values.reps, () => runFilterGradJob(half(job, 0), pass)));
    const start = performance.now();
    Atomics.store(words, GO, round);
    Atomics.notify(words, GO);
    const mine = timeReps(values.reps, () => runFilterGradJob(half(job, 0), pass));
    while (Atomics.load(words, DONE) !== round) Atomics.wait(words, DONE, Atomics.load(words, DONE), 1000);
    times.together.push((performance.now() - start) / values.reps);
    times.worker.push(Atomics.load(words, MICROS) / 1000);
    times.beside.push(mine);
  }
  Atomics.store(words, GO, -1);
  Atomics.notify(words, GO);
  await worker.terminate();
  const ms = (series: number[]) => median(series).toFixed(2);
  console.log(
    `filter gradient ${images}×14×14×16 → 32 (3×3), ms per job, medians of ${values.rounds} rounds:`,
  );
  console.log(`  whole job, one thread: ${ms(times.alone)}`);
  console.log(
    `  first half, alone: ${ms(times.half)}; beside the worker: ${ms(times.beside)} (the worker's half: ${ms(times.worker)})`,
  );
  console.log(`  both halves at once (wall): ${ms(times.together)}`);
  for (const [name, series] of Object.entries(times))
    console.log(`  rounds, ${name}: ${series.map((t) => t.toFixed(2)).join(' ')}`);
  console.log(`  speed-up of two threads: ${(median(times.alone) / median(times.together)).toFixed(2)}×`);
  return 0;
}

if (isMainThread) runTool('bench:filter-grad-threads', USAGE, main);
else workerLoop(workerData as Shared);
