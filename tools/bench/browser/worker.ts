/// <reference lib="webworker" />
/**
 * The app's training worker (src/worker/trainer.worker.ts, imported unchanged, so the same controller,
 * loop and protocol) with the benchmark's instruments added from outside:
 * - every `Tensor.data()`/`dataSync()` call is counted, by caller (metrics readback, snapshot,
 *   evaluation, other), and so is every `read`/`readSync` on the active backend;
 * - every run's optimizer-step time (the engine's own `Run.recordStepTime`) is logged;
 * - both ride along on each `metrics` event as the extra field `bench` (WorkerBenchStats);
 * - a `benchProfile` request runs tf.profile over a few steps of one method on a synthetic batch;
 * - a `benchThreads` message, sent before anything else, sets WASM's thread count;
 * - a `benchKernelCheck` request compares the WASM filter gradient (helper thread included) with tfjs CPU.
 * Built only into the benchmark's page (tools/bench/browser/index.html), never into the app.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendWasm, getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '../../../src/worker/trainer.worker';
import { selectBackend } from '../../../src/engine/backend/select';
import { readyFilterGradHelper } from '../../../src/engine/backend/wasm/filterGradHelper';
import {
  installDispatchCounter,
  type WebGpuClasses,
} from '../../../src/engine/backend/webgpu/dispatchCounter';
import { syntheticDataset } from '../../../src/engine/data/synthetic';
import { Run } from '../../../src/engine/session/run';
import type { OptimizerName } from '../../../src/methods/metas';
import { maxRelativeError } from '../../../src/testing/relativeError';
import { prepareWasmBackend, wasmPoolSpin } from '../../../src/worker/wasmBackend';
import { profileSessionSteps } from '../profile';
import { benchSession } from '../workload';
import type { KernelCheck, ProfileResult, ProfileSpec, ReadbackCounts, StepTime } from './types';

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
  else if (body.type === 'benchKernelCheck')
    kernelCheck().then(
      (result) => post({ type: 'benchKernelCheckResult', result }, []),
      (error: Error) => post({ type: 'benchKernelCheckResult', error: error.message }, []),
    );
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

/**
 * Conv2DBackpropFilter on WASM against tfjs CPU, once the filter-gradient helper runs (where the backend is
 * threaded): chunks computed on another thread must give the same dW, and the same bits on every repeat
 * whichever thread ran which chunk. Each shape runs twice, and on a threaded backend again until the helper ran a
 * chunk (at most REPEATS times).
 */
const REPEATS = 20;

async function kernelCheck(): Promise<KernelCheck> {
  const report = await selectBackend('wasm', { wasm: prepareWasmBackend });
  if (report.backend !== 'wasm') throw new Error(`wasm did not start (${report.fallbackReason ?? ''})`);
  const wasm = tf.backend() as BackendWasm;
  const shapes: [number, number, number, number, number][] = [
    [16, 28, 28, 1, 16],
    [16, 14, 14, 16, 32],
    [7, 9, 11, 3, 8],
  ];
  const gradient = (x: tf.Tensor4D, dy: tf.Tensor4D, ci: number, co: number) =>
    tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
      strides: 1,
      pad: 'same',
      dataFormat: 'NHWC',
      filterShape: [3, 3, ci, co],
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
  const onBackend = async (name: string, [n, h, w, ci, co]: (typeof shapes)[number], seed: number) => {
    await tf.setBackend(name);
    const x = tf.randomUniform([n, h, w, ci], -1, 1, 'float32', seed) as tf.Tensor4D;
    const dy = tf.randomUniform([n, h, w, co], -1, 1, 'float32', seed + 1) as tf.Tensor4D;
    const dW = gradient(x, dy, ci, co);
    const values = (await dW.data()) as Float32Array;
    tf.dispose([x, dy, dW]);
    return values;
  };
  // The helper starts with the first filter gradient and runs once its worker is up.
  tf.dispose(gradient(tf.zeros([2, 4, 4, 1]), tf.zeros([2, 4, 4, 4]), 1, 4));
  const threaded = getThreadsCount() > 1;
  for (let waited = 0; threaded && !readyFilterGradHelper(wasm) && waited < 10_000; waited += 50)
    await new Promise((done) => setTimeout(done, 50));
  const chunksRun = () => readyFilterGradHelper(wasm)?.chunksRun ?? 0;
  const result: KernelCheck['shapes'] = [];
  for (const [i, shape] of shapes.entries()) {
    const before = chunksRun();
    const fromWasm = await onBackend('wasm', shape, 10 * i);
    let repeatsIdentical = true;
    // Once at least, then until the helper has run a chunk.
    for (let repeat = 1; repeat === 1 || (repeat < REPEATS && threaded && chunksRun() === before); repeat++) {
      const again = await onBackend('wasm', shape, 10 * i);
      repeatsIdentical &&= again.every((v, k) => Object.is(v, fromWasm[k]));
    }
    const fromCpu = await onBackend('cpu', shape, 10 * i);
    result.push({
      shape: shape.join('×'),
      helperChunks: chunksRun() - before,
      relErr: maxRelativeError(fromCpu, fromWasm),
      repeatsIdentical,
    });
  }
  await tf.setBackend('wasm');
  return { ...(report.details ? { details: report.details } : {}), poolSpin: wasmPoolSpin(), shapes: result };
}
