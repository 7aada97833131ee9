/**
 * What the Chromium half of the benchmark passes between its three places: the Node driver
 * (driver.ts), the page it opens (page.ts) and the instrumented training worker
 * (worker.ts). Plain data only, so it crosses `page.evaluate` and `postMessage`.
 */

import type { BackendName, BackendReport } from '../../../src/engine/backend/select';
import type { DispatchCounts } from '../../../src/engine/backend/webgpu/dispatchCounter';

/** Readbacks the worker made, counted where they happen (cumulative since the worker started). */
export interface ReadbackCounts {
  /** `Tensor.data()` calls. */
  data: number;
  /** `Tensor.dataSync()` calls. */
  dataSync: number;
  /** The same calls by who made them: metrics (PendingMetrics.read), snapshot, evaluation, other. */
  byCaller: Record<string, number>;
  /** `backend.read`/`readSync` calls on the active backend, including ones no Tensor method made. */
  backendReads: number;
}

/** [runId, step index, ms of that run's optimizer step as timed by the engine]. */
export type StepTime = [string, number, number];

/** What the instrumented worker adds to every `metrics` event, as the field `bench`. */
export interface WorkerBenchStats {
  readonly readbacks: ReadbackCounts;
  /** Run step times since the previous metrics event. */
  readonly stepTimes: StepTime[];
  /** WebGPU compute dispatches and queue submits since the worker started, where it has WebGPU. */
  readonly gpuWork?: DispatchCounts;
}

export interface SessionSpec {
  readonly backend: BackendName;
  /** A model preset of the app (`small-cnn` for timing). */
  readonly model: string;
  readonly batch: number;
  readonly methods: readonly string[];
  /** Stop (pause) once this many lockstep ticks are done. */
  readonly steps: number;
  readonly evalEvery: number;
  readonly evalExamples: number;
  /** Give up after this long (ms), keeping what was measured. */
  readonly timeoutMs: number;
  /** Start a fresh worker (measures the backend's time to first step) instead of reusing one. */
  readonly freshWorker: boolean;
  /** WASM: XNNPACK's thread count (tfjs's setThreadsCount); absent, tfjs's default of one per logical core. */
  readonly threads?: number;
}

/** One `metrics` event as the page saw it. */
export interface MetricsSample {
  /** Epoch ms the page received it. */
  readonly at: number;
  readonly step: number;
  readonly elapsedMs: number;
  readonly numTensors: number;
  readonly numBytes: number;
  readonly gpuBytes?: number;
  readonly lastStepAt?: number;
  /**
   * Whether every active run's steps had all been read back when the event was made: only then is
   * tf.memory() free of the per-step scalars still waiting for their readback.
   */
  readonly drained: boolean;
  readonly runs: { runId: string; step: number; msPerStep?: number; status: string }[];
  readonly bench?: WorkerBenchStats;
}

/** The raw record of one timed session; driver.ts turns it into BenchRecords. */
export interface SessionTrace {
  readonly spec: SessionSpec;
  readonly backend?: BackendReport;
  /** Epoch ms: worker created (fresh worker only), hello, configure sent/answered, start sent. */
  readonly workerCreatedAt?: number;
  readonly helloAt?: number;
  readonly configureSentAt: number;
  readonly configuredAt: number;
  readonly startSentAt: number;
  readonly samples: MetricsSample[];
  /** Events after the wanted step (the pause's flush), kept apart from the timed ones. */
  readonly tail?: MetricsSample[];
  /** The other events of the session (status, backend, …), abridged. */
  readonly events: { at: number; type: string; text?: string }[];
  readonly error?: string;
  readonly timedOut?: boolean;
}

export interface KernelRow {
  readonly name: string;
  /** Calls per step. */
  readonly calls: number;
  /** ms per step. */
  readonly ms: number;
}

export interface ProfileSpec {
  readonly backend: BackendName;
  readonly method: string;
  readonly batch: number;
  readonly warmup: number;
  readonly profiled: number;
  /** As SessionSpec.threads. */
  readonly threads?: number;
}

export interface ProfileResult {
  readonly backend: string;
  /** What the backend says of itself (WASM: SIMD and thread count). */
  readonly details?: string;
  /** As ProfileSpec.threads. */
  readonly threads?: number;
  readonly method: string;
  readonly batch: number;
  /** How kernel times were taken: backend timers, or wall time with a readback after every kernel. */
  readonly timing: string;
  /** Median ms of an unprofiled step (with its readback), warm-up steps after the first. */
  readonly stepMs: number;
  /** Where the loss turned NaN (the steps went on regardless). */
  readonly divergedAtStep?: number;
  /** Sum of the kernel times of a profiled step. */
  readonly kernelMs: number;
  readonly byKernel: KernelRow[];
  /** Every call by kernel and input shapes, costliest first. */
  readonly byCall: KernelRow[];
}

/** The WASM filter gradient against tfjs CPU in the browser, with the helper thread where there is one. */
export interface KernelCheck {
  /** What the WASM backend says of itself (SIMD, thread count). */
  readonly details?: string;
  /** How many rounds the threaded build's pool threads spin before they sleep: SPIN_ROUNDS once patched. */
  readonly poolSpin: number | 'stock';
  /**
   * Per shape: the chunks the filter-gradient helper ran (0 where the backend has one thread), the largest
   * difference from tfjs CPU relative to its largest value, and whether every repeat gave the same bits.
   */
  readonly shapes: {
    readonly shape: string;
    readonly helperChunks: number;
    readonly relErr: number;
    readonly repeatsIdentical: boolean;
  }[];
}
