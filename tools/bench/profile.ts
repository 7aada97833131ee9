/**
 * The benchmark's one per-kernel profiler: tf.profile around training steps, aggregated per kernel
 * and per call shape. It profiles whatever step it is given: the engine's own Session.trainStep (so
 * SAM's and BiSAM's two passes, perturbation and restore are all in it) in Node (`npm run bench`,
 * `npm run profile:wasm -- --methods …`) and in the Chromium worker, or the plain tf.layers SGD step
 * of `npm run profile:wasm`. No Node imports: the benchmark's browser worker uses it too.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../../src/engine/data/dataset';
import type { OptimizerName } from '../../src/methods/metas';
import type { KernelRow, ProfileResult } from './browser/types';
import { median } from './stats';
import { benchSession } from './workload';

/** tf.profile's record of one kernel call, as far as the aggregation reads it. */
interface KernelCall {
  readonly name: string;
  readonly kernelTimeMs: unknown;
  readonly inputShapes: (number[] | null | undefined)[];
}

export interface KernelBreakdown {
  readonly byKernel: KernelRow[];
  /**
   * Every call by kernel and input shapes, costliest first (all kept: set against each other, the 1- and
   * 2-thread profiles of the CPU race show which calls the thread pool makes slow).
   */
  readonly byCall: KernelRow[];
  /** Sum of the kernel times of a step. */
  readonly total: number;
}

/** Aggregates tf.profile's kernel list over `runs` profiled steps into per-step rows, costliest first. */
export function aggregateKernels(kernels: readonly KernelCall[], runs: number): KernelBreakdown {
  const byKernel = new Map<string, { ms: number; calls: number }>();
  const byCall = new Map<string, { ms: number; calls: number }>();
  const add = (map: Map<string, { ms: number; calls: number }>, key: string, ms: number) => {
    const entry = map.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += ms / runs;
    entry.calls += 1 / runs;
    map.set(key, entry);
  };
  let total = 0;
  for (const kernel of kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    total += ms / runs;
    add(byKernel, kernel.name, ms);
    const shapes = kernel.inputShapes.map((shape) => `[${shape?.join(',') ?? ''}]`).join(' ');
    add(byCall, `${kernel.name} ${shapes}`, ms);
  }
  const rows = (map: Map<string, { ms: number; calls: number }>) =>
    [...map.entries()].map(([name, e]) => ({ name, calls: e.calls, ms: e.ms })).sort((a, b) => b.ms - a.ms);
  return { byKernel: rows(byKernel), byCall: rows(byCall), total };
}

/** Wall time of each of `count` calls of `step` (with its readback, where `step` awaits one). */
export async function timeSteps(step: () => unknown, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await step();
    times.push(performance.now() - started);
  }
  return times;
}

/** Per-kernel time of `runs` calls of `step` under tf.profile; `settle` (a readback) runs after each. */
export async function profileKernels(
  step: () => void,
  runs: number,
  settle: () => Promise<unknown> = async () => undefined,
): Promise<KernelBreakdown> {
  const kernels: KernelCall[] = [];
  for (let r = 0; r < runs; r++) {
    const info = await tf.profile(step);
    kernels.push(...(info.kernels as unknown as KernelCall[]));
    await settle();
  }
  return aggregateKernels(kernels, runs);
}

/**
 * `warmup` plain steps of a session (their median after the first is the step time), then `profiled`
 * steps under tf.profile. `settle` reads the step back; the browser's also carries on past a NaN.
 */
export async function profileSessionSteps(
  step: () => void,
  settle: () => Promise<unknown>,
  warmup: number,
  profiled: number,
): Promise<Pick<ProfileResult, 'stepMs' | 'kernelMs' | 'byKernel' | 'byCall'>> {
  const plain = await timeSteps(async () => {
    step();
    await settle();
  }, warmup);
  const { byKernel, byCall, total } = await profileKernels(step, profiled, settle);
  return { stepMs: median(plain.slice(1)), kernelMs: total, byKernel, byCall };
}

/** Per-kernel ms of `profiled` steps of `method` after `warmup` plain ones, on the active (synchronous) backend. */
export async function profileMethod(
  dataset: ImageDataset,
  backend: string,
  method: OptimizerName,
  batch: number,
  warmup: number,
  profiled: number,
): Promise<ProfileResult> {
  const session = benchSession(dataset, method, batch, 1_000_000, 100);
  try {
    const measured = await profileSessionSteps(
      () => session.trainStep(),
      () => session.collect(),
      warmup,
      profiled,
    );
    return { backend, method, batch, timing: 'wall time per kernel (kernels run when called)', ...measured };
  } finally {
    session.dispose();
  }
}
