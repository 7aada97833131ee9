/** What the Chromium half of the benchmark runs: per backend, the batches, methods, ticks and limits. */
import type { BackendName } from '../../../src/engine/backend/select';
import type { OptimizerName } from '../../../src/methods/metas';
import type { ProfileSpec } from './types';

export interface BrowserPlanEntry {
  readonly backend: BackendName;
  readonly batches: readonly number[];
  /** Methods to time (filtered by --methods); undefined: all. */
  readonly methods?: readonly OptimizerName[];
  /** Ticks per session, of which the first `warmup` are not timed. */
  readonly steps: number;
  readonly warmup: number;
  /** Per session, ms. */
  readonly timeoutMs: number;
  /** WASM: time every method once per XNNPACK thread count here; absent, tfjs's default. */
  readonly threads?: readonly number[];
  /** GPU: the kernel profile to take if the method has to be timed in a direct loop (see directLoop). */
  readonly profile?: { method: OptimizerName; profiled: number };
}

export interface BrowserPlan {
  readonly timing: readonly BrowserPlanEntry[];
  /** Seconds of training measured for smoothness (0: skip), then profiled (0: no profile). */
  readonly smoothSeconds: number;
  readonly profileSeconds: number;
  /**
   * Link fields added to the smoothness page's URL (`/?v=2&backend=wasm&…`), e.g.
   * `runs=sgd,sam,bisam-tanh,bisam-log&seeds=8` for 32 replicas; absent: the default comparison.
   */
  readonly smoothQuery?: string;
  /** Where the profiled pass also writes its whole Chrome trace (every thread, the worker's too). */
  readonly smoothTrace?: string;
  /** Backends whose Train → first plotted point the real page is timed on (a fresh page each). */
  readonly firstPlot: readonly BackendName[];
  /** Long sessions for the memory check (any model), and kernel profiles. */
  readonly memory: readonly (BrowserPlanEntry & { model: string; evalEvery: number })[];
  readonly profiles: readonly ProfileSpec[];
}

const CORE: OptimizerName[] = ['sgd', 'sam', 'bisam-log'];
export const MINUTE = 60_000;

export function browserPlan(quick: boolean): BrowserPlan {
  // Quick (CI's smoke run, ~1 min here): software WebGPU and tfjs CPU take seconds a step, so SGD only.
  if (quick)
    return {
      timing: [
        { backend: 'wasm', batches: [64], methods: CORE, steps: 10, warmup: 3, timeoutMs: MINUTE },
        { backend: 'webgl', batches: [64], methods: CORE, steps: 3, warmup: 1, timeoutMs: MINUTE },
        { backend: 'cpu', batches: [64], methods: ['sgd'], steps: 2, warmup: 1, timeoutMs: MINUTE },
        { backend: 'webgpu', batches: [64], methods: ['sgd'], steps: 2, warmup: 1, timeoutMs: MINUTE },
      ],
      smoothSeconds: 5,
      profileSeconds: 0,
      firstPlot: ['wasm'],
      memory: [],
      profiles: [],
    };
  return {
    timing: [
      {
        backend: 'wasm',
        batches: [64, 128],
        steps: 110,
        warmup: 10,
        timeoutMs: 6 * MINUTE,
        threads: [1, 2],
      },
      { backend: 'webgl', batches: [64], methods: CORE, steps: 30, warmup: 3, timeoutMs: 3 * MINUTE },
      { backend: 'cpu', batches: [64], methods: CORE, steps: 6, warmup: 1, timeoutMs: 3 * MINUTE },
      {
        backend: 'webgpu',
        batches: [64],
        methods: CORE,
        steps: 6,
        warmup: 1,
        timeoutMs: 3 * MINUTE,
        profile: { method: 'bisam-log', profiled: 1 },
      },
    ],
    smoothSeconds: 40,
    profileSeconds: 10,
    firstPlot: ['wasm', 'webgl', 'cpu', 'webgpu'],
    memory: [
      {
        backend: 'wasm',
        model: 'mlp',
        batches: [16],
        steps: 500,
        warmup: 0,
        evalEvery: 100,
        timeoutMs: 3 * MINUTE,
      },
      {
        backend: 'webgl',
        model: 'mlp',
        batches: [16],
        methods: CORE,
        steps: 500,
        warmup: 0,
        evalEvery: 100,
        timeoutMs: 3 * MINUTE,
      },
    ],
    profiles: [
      { backend: 'wasm', method: 'sgd', batch: 64, warmup: 4, profiled: 3 },
      { backend: 'wasm', method: 'sam', batch: 64, warmup: 4, profiled: 3 },
      { backend: 'wasm', method: 'bisam-log', batch: 64, warmup: 4, profiled: 3 },
      { backend: 'webgl', method: 'bisam-log', batch: 64, warmup: 3, profiled: 1 },
      { backend: 'cpu', method: 'bisam-log', batch: 64, warmup: 2, profiled: 1 },
      { backend: 'webgpu', method: 'bisam-log', batch: 64, warmup: 2, profiled: 1 },
    ],
  };
}

/**
 * One round of `--cpu-race` (cpuRace.ts): Chromium WASM on one and on two XNNPACK threads, SGD and SAM at batch
 * 64 and 128 (as the PyTorch script times them), with per-kernel profiles of an SGD and a SAM step at each count
 * if asked.
 */
export function cpuRacePlan(quick: boolean, withProfiles: boolean): BrowserPlan {
  const threads = [1, 2];
  return {
    timing: [
      {
        backend: 'wasm',
        batches: quick ? [64] : [64, 128],
        methods: ['sgd', 'sam'],
        steps: quick ? 10 : 60,
        warmup: quick ? 3 : 10,
        timeoutMs: 6 * MINUTE,
        threads,
      },
    ],
    smoothSeconds: 0,
    profileSeconds: 0,
    firstPlot: [],
    memory: [],
    profiles:
      quick || !withProfiles
        ? []
        : threads.flatMap((n) =>
            (['sgd', 'sam'] as const).map((method) => ({
              backend: 'wasm' as const,
              method,
              batch: 64,
              // Enough plain steps first for the filter-gradient helper thread to be running.
              warmup: 10,
              profiled: 5,
              threads: n,
            })),
          ),
  };
}
