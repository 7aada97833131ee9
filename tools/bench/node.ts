/**
 * Node half of `npm run bench`: a model preset (the small CNN by default), every method interleaved in
 * rounds, on the WASM or CPU backend. It steps the engine's Session with the worker's readback rule (one transfer per ~100 ms or
 * 64 steps) and counts readbacks, so the figures describe what the app does, not an idealised loop.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelPresetName } from '../../src/config/model';
import type { DispatchCounts } from '../../src/engine/backend/webgpu/dispatchCounter';
import type { ImageDataset } from '../../src/engine/data/dataset';
import type { Session } from '../../src/engine/session/session';
import { OPTIMIZER_INFO, type OptimizerName } from '../../src/methods/metas';
import { median, throughput } from './stats';
import { benchSession } from './workload';

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
  /** Node: the median CPU time of this process per step; below msPerStep when other jobs share the cores. */
  readonly cpuMsPerStep?: number;
  readonly stepsPerSecond: number;
  readonly examplesPerSecond: number;
  /** This method's ms/step over SGD's on the same host, backend and batch, in the same run. */
  ratioToSgd?: number;
  readonly gradEvalsPerStep?: number;
  readonly firstStepMs?: number;
  readonly readbacksPerStep?: number;
  /** Readbacks per step by who made them (metrics, snapshot, evaluation, other), where counted so. */
  readonly readbacksByCaller?: Record<string, number>;
  /** WebGPU compute dispatches and queue submits per timed step, where counted (Dawn in Node). */
  readonly dispatchesPerStep?: number;
  readonly submitsPerStep?: number;
  readonly memory?: MemoryPoint[];
  /** Chromium: the browser version and the GPU adapter of a WebGPU/WebGL record. */
  readonly browser?: string;
  readonly adapter?: string;
  readonly note?: string;
}

const COLLECT_INTERVAL_MS = 100;
const MAX_PENDING_STEPS = 64;

/**
 * One method's session under the benchmark: its step times, readbacks and the tensors it holds.
 * Holdings are tracked as the change in tfjs's global count across this session's own chunks, so
 * several sessions can be alive at once and each still gets its own memory figures.
 */
class MethodUnderTest {
  readonly times: number[] = [];
  /** This process's CPU time per timed step (user + system): on a shared machine, what a step costs. */
  readonly cpuTimes: number[] = [];
  readonly memory: MemoryPoint[] = [];
  firstStepMs = 0;
  readbacks = 0;
  /** Dispatches and submits of the timed steps (the first step, with its warm-up, is left out). */
  gpuWork: DispatchCounts = { dispatches: 0, submits: 0 };
  /** Tensors and bytes this session holds (between chunks: nothing pending). */
  held = { tensors: 0, bytes: 0 };
  private step = 0;

  constructor(
    readonly method: OptimizerName,
    readonly session: Session,
    private readonly gpuCounts: () => DispatchCounts,
  ) {}

  /** Trains `count` steps the way the worker does (readback every ~100 ms or 64 steps). */
  async chunk(count: number, memorySteps: readonly number[], othersHeld: () => MemoryPoint): Promise<void> {
    const before = memoryNow();
    const readbacks = countReadbacks();
    if (this.step === 0) {
      const started = performance.now();
      this.session.trainStep();
      await this.session.collect();
      this.firstStepMs = performance.now() - started;
      this.step = 1;
      count -= 1;
    }
    const gpuBefore = this.gpuCounts();
    let lastCollect = performance.now();
    for (let i = 0; i < count; i++) {
      this.step += 1;
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      this.session.trainStep();
      const measureMemory = memorySteps.includes(this.step);
      if (
        measureMemory ||
        this.session.pendingSteps >= MAX_PENDING_STEPS ||
        performance.now() - lastCollect >= COLLECT_INTERVAL_MS
      ) {
        await this.session.collect();
        lastCollect = performance.now();
      }
      this.times.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuBefore);
      this.cpuTimes.push((cpu.user + cpu.system) / 1000);
      // Right after a readback, so pending per-step scalars do not blur the comparison.
      if (measureMemory) {
        const now = memoryNow();
        const others = othersHeld();
        const { numBytesInGPU } = tf.memory() as { numBytesInGPU?: number };
        this.memory.push({
          step: this.step,
          tensors: now.tensors - others.tensors,
          bytes: now.bytes - others.bytes,
          ...(numBytesInGPU === undefined ? {} : { gpuBytes: numBytesInGPU }),
        });
      }
    }
    await this.session.collect();
    this.readbacks += readbacks.stop();
    const gpuAfter = this.gpuCounts();
    this.gpuWork = {
      dispatches: this.gpuWork.dispatches + gpuAfter.dispatches - gpuBefore.dispatches,
      submits: this.gpuWork.submits + gpuAfter.submits - gpuBefore.submits,
    };
    const after = memoryNow();
    this.held = {
      tensors: this.held.tensors + after.tensors - before.tensors,
      bytes: this.held.bytes + after.bytes - before.bytes,
    };
  }
}

/**
 * Times `methods` on `model` (the small CNN unless given), interleaved: all sessions live side by side and train in
 * `rounds` chunks, each round in a rotated order, so a burst of load on a shared machine falls on
 * every method rather than on the one that happened to be running (their ratios are what matter).
 */
export async function benchMethods(
  dataset: ImageDataset,
  backend: string,
  methods: readonly OptimizerName[],
  batch: number,
  steps: number,
  memorySteps: readonly number[],
  rounds: number,
  /** The WebGPU dispatch counter's reading, on a backend that has one. */
  gpuCounts?: () => DispatchCounts,
  model: ModelPresetName = 'small-cnn',
): Promise<BenchRecord[]> {
  const under: MethodUnderTest[] = [];
  for (const method of methods) {
    const before = memoryNow();
    const session = benchSession(dataset, method, batch, steps + 1, 100, model);
    const entry = new MethodUnderTest(method, session, gpuCounts ?? NO_GPU_WORK);
    const after = memoryNow();
    entry.held = { tensors: after.tensors - before.tensors, bytes: after.bytes - before.bytes };
    under.push(entry);
  }
  const othersHeld = (self: MethodUnderTest) => () =>
    under
      .filter((other) => other !== self)
      .reduce(
        (sum, other) => ({
          step: 0,
          tensors: sum.tensors + other.held.tensors,
          bytes: sum.bytes + other.held.bytes,
        }),
        {
          step: 0,
          tensors: 0,
          bytes: 0,
        },
      );
  // The first step (kernel warm-up) is timed on its own and not in the median: steps + 1 in all.
  const total = steps + 1;
  const perRound = Math.ceil(total / rounds);
  for (let round = 0; round < rounds; round++) {
    const count = Math.min(perRound, total - round * perRound);
    if (count <= 0) break;
    for (let k = 0; k < under.length; k++) {
      const entry = under[(round + k) % under.length] as MethodUnderTest;
      await entry.chunk(count, memorySteps, othersHeld(entry));
    }
  }
  for (const { session } of under) session.dispose();
  return under.map((entry) => ({
    host: 'node',
    backend,
    method: entry.method,
    batch,
    steps,
    ...throughput(median(entry.times), batch),
    cpuMsPerStep: median(entry.cpuTimes),
    gradEvalsPerStep: OPTIMIZER_INFO[entry.method].gradEvalsPerStep,
    firstStepMs: entry.firstStepMs,
    readbacksPerStep: entry.readbacks / steps,
    ...(gpuCounts
      ? { dispatchesPerStep: entry.gpuWork.dispatches / steps, submitsPerStep: entry.gpuWork.submits / steps }
      : {}),
    memory: entry.memory,
  }));
}

const NO_GPU_WORK = (): DispatchCounts => ({ dispatches: 0, submits: 0 });

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
