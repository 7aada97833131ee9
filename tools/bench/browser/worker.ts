/// <reference lib="webworker" />
/**
 * The app's training worker (src/worker/trainer.worker.ts, imported unchanged, so the same controller,
 * loop and protocol) with the benchmark's instruments added from outside:
 * - every `Tensor.data()`/`dataSync()` call is counted, by caller (metrics readback, snapshot,
 *   evaluation, other), and so is every `read`/`readSync` on the active backend;
 * - every run's optimizer-step time (the engine's own `Run.recordStepTime`) is logged;
 * - both ride along on each `metrics` event as the extra field `bench` (WorkerBenchStats);
 * - a `benchProfile` request runs tf.profile over a few steps of one method on a synthetic batch;
 * - a `benchThreads` message, sent before anything else, sets WASM's thread count.
 * Built only into the benchmark's page (tools/bench/browser/index.html), never into the app.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '../../../src/worker/trainer.worker';
import { selectBackend } from '../../../src/engine/backend/select';
import {
  installDispatchCounter,
  type WebGpuClasses,
} from '../../../src/engine/backend/webgpu/dispatchCounter';
import { syntheticDataset } from '../../../src/engine/data/synthetic';
import { Run } from '../../../src/engine/session/run';
import type { OptimizerName } from '../../../src/methods/metas';
import { prepareWasmBackend } from '../../../src/worker/wasmBackend';
import { profileSessionSteps } from '../profile';
import { benchSession } from '../workload';
import type { ProfileResult, ProfileSpec, ReadbackCounts, StepTime } from './types';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const counts: ReadbackCounts = { data: 0, dataSync: 0, byCaller: {}, backendReads: 0 };
let stepTimes: StepTime[] = [];

function callerOf(stack: string): string {
  if (stack.includes('PendingMetrics')) return 'metrics';
  if (/snapshot/i.test(stack)) return 'snapshot';
  if (/evaluat/i.test(stack)) return 'evaluation';
  return 'other';
}

function tally(kind: 'data' | 'dataSync'): void {
  counts[kind] += 1;
  const caller = callerOf(new Error().stack ?? '');
  counts.byCaller[caller] = (counts.byCaller[caller] ?? 0) + 1;
}

type Method = (...args: unknown[]) => unknown;
const tensorProto = tf.Tensor.prototype as unknown as Record<'data' | 'dataSync', Method>;
for (const kind of ['data', 'dataSync'] as const) {
  const original = tensorProto[kind];
  tensorProto[kind] = function (this: unknown, ...args: unknown[]) {
    tally(kind);
    return original.apply(this, args);
  };
}

const patchedBackends = new WeakSet<object>();
/** Counts reads on the active backend instance (wasm's async read calls readSync: counted once). */
function countBackendReads(): void {
  const backend = tf.backend() as unknown as Record<'read' | 'readSync', Method>;
  if (patchedBackends.has(backend)) return;
  patchedBackends.add(backend);
  let depth = 0;
  for (const name of ['read', 'readSync'] as const) {
    const original = backend[name];
    backend[name] = function (this: unknown, ...args: unknown[]) {
      if (depth === 0) counts.backendReads += 1;
      depth += 1;
      try {
        return original.apply(this, args);
      } finally {
        depth -= 1;
      }
    };
  }
}

const recordStepTime = Run.prototype.recordStepTime;
Run.prototype.recordStepTime = function (this: Run, ms: number) {
  stepTimes.push([this.id, this.step, ms]);
  recordStepTime.call(this, ms);
};

/** Counts every WebGPU dispatch and submit of the worker (tfjs's included), where it has WebGPU. */
const gpuCounter =
  'GPUComputePassEncoder' in scope && 'GPUQueue' in scope
    ? installDispatchCounter(scope as unknown as WebGpuClasses)
    : undefined;

const post = scope.postMessage.bind(scope) as (message: unknown, transfer: Transferable[]) => void;
scope.postMessage = ((message: { type?: string; bench?: unknown }, transfer?: Transferable[]) => {
  if (message.type === 'backend') countBackendReads();
  if (message.type === 'metrics') {
    message.bench = {
      readbacks: structuredClone(counts),
      stepTimes,
      ...(gpuCounter ? { gpuWork: gpuCounter.counts() } : {}),
    };
    stepTimes = [];
  }
  post(message, transfer ?? []);
}) as typeof scope.postMessage;

const appHandler = scope.onmessage;
scope.onmessage = (message: MessageEvent) => {
  const body = message.data as { type?: string; spec?: ProfileSpec; threads?: number };
  // Sent first, before the backend starts (see page.ts createWorker).
  if (body.type === 'benchThreads' && body.threads !== undefined) setThreadsCount(body.threads);
  else if (body.type === 'benchProfile' && body.spec) {
    profile(body.spec).then(
      (result) => post({ type: 'benchProfileResult', result }, []),
      (error: Error) => post({ type: 'benchProfileResult', error: error.message }, []),
    );
  } else appHandler?.call(scope, message);
};

/**
 * Per-kernel times of `spec.profiled` steps of one method, after `spec.warmup` plain steps. WASM and
 * CPU run kernels when called, so tf.profile's wall time per kernel is exact. A GPU backend only
 * enqueues: with its own timers (WebGL disjoint queries, WebGPU timestamp queries) tf.profile reports
 * device time; without them the kernel's outputs are read back after it (tfjs's fallback), so a
 * kernel's time includes waiting for it and downloading its output.
 */
async function profile(spec: ProfileSpec): Promise<ProfileResult> {
  const report = await selectBackend(spec.backend, { wasm: prepareWasmBackend });
  if (report.backend !== spec.backend)
    throw new Error(`${spec.backend} did not start (${report.fallbackReason ?? 'no reason given'})`);
  const dataset = syntheticDataset({
    trainCount: spec.batch * 8,
    testCount: 16,
    imageShape: [28, 28, 1],
    numClasses: 10,
  });
  const session = benchSession(dataset, spec.method as OptimizerName, spec.batch, 1_000_000, 16);
  const backend = tf.backend() as unknown as {
    timerAvailable: () => boolean;
    supportTimestampQuery?: boolean;
  };
  const deviceTimers =
    spec.backend === 'webgpu' ? backend.supportTimestampQuery === true : backend.timerAvailable();
  const gpu = spec.backend === 'webgpu' || spec.backend === 'webgl';
  // Only tf.profile asks for the timer: without one, tfjs reads every kernel's outputs back instead.
  if (gpu && !deviceTimers) backend.timerAvailable = () => false;
  try {
    // A run whose loss turns NaN stops in the app; here it keeps stepping (NaN costs the same), and
    // the result says so.
    let divergedAt: number | undefined;
    const settle = async () => {
      await session.collect();
      for (const run of session.runList) {
        if (run.phase !== 'diverged') continue;
        divergedAt ??= run.divergedAtStep;
        run.phase = 'active';
        run.divergedAtStep = undefined;
      }
    };
    const measured = await profileSessionSteps(() => session.trainStep(), settle, spec.warmup, spec.profiled);
    if (spec.profiled > 0 && measured.byKernel.length === 0)
      throw new Error('tf.profile recorded no kernels');
    return {
      backend: spec.backend,
      ...(report.details ? { details: report.details } : {}),
      ...(spec.threads === undefined ? {} : { threads: spec.threads }),
      method: spec.method,
      batch: spec.batch,
      timing: !gpu
        ? 'wall time per kernel (kernels run when called)'
        : deviceTimers
          ? 'device timer queries'
          : 'wall time per kernel with a readback of its outputs (no device timers here)',
      ...measured,
      ...(divergedAt === undefined ? {} : { divergedAtStep: divergedAt }),
    };
  } finally {
    if (gpu && !deviceTimers) delete (backend as { timerAvailable?: unknown }).timerAvailable;
    session.dispose();
  }
}
