/**
 * The benchmark's page (tools/bench/browser/index.html): no UI, just `globalThis.__bench`, which the Node
 * driver (driver.ts) calls through `page.evaluate`. It starts the instrumented training worker
 * and speaks the app's worker protocol to it through the app's own TrainerClient, so a timed session
 * is what the app runs, minus the page's rendering.
 */
import { DEFAULT_HYPERPARAMS } from '../../../src/config/optimizers';
import { CONFIG_VERSION, type ExperimentConfig } from '../../../src/config/schema';
import type { BackendReport } from '../../../src/engine/backend/select';
import { OPTIMIZER_INFO, type OptimizerName } from '../../../src/methods/metas';
import { TrainerClient } from '../../../src/ui/trainerClient';
import type { WorkerEvent } from '../../../src/worker/protocol';
import type {
  KernelCheck,
  MetricsSample,
  ProfileResult,
  ProfileSpec,
  SessionSpec,
  SessionTrace,
  WorkerBenchStats,
} from './types';

const epochNow = () => performance.timeOrigin + performance.now();
const DATA_URL = new URL('/data', location.href).href;

/** The instrumented worker; `threads` sets WASM's thread count before anything starts the backend. */
function createWorker(threads?: number): Worker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  if (threads !== undefined) worker.postMessage({ type: 'benchThreads', threads });
  return worker;
}

interface Current {
  readonly backend: string;
  readonly threads?: number;
  readonly client: TrainerClient;
  report?: BackendReport;
}
let current: Current | undefined;

function configFor(spec: SessionSpec): ExperimentConfig {
  return {
    version: CONFIG_VERSION,
    dataset: 'fashion-mnist',
    model: spec.model as ExperimentConfig['model'],
    batchSize: spec.batch,
    // Far more than measured, so no run reaches its end (and its final evaluation) while timed.
    steps: Math.min(1_000_000, spec.steps + 10_000),
    seed: 1,
    seeds: 1,
    sweep: [],
    evalEvery: spec.evalEvery,
    evalExamples: spec.evalExamples,
    backend: spec.backend,
    runs: spec.methods.map((method) => ({
      id: method,
      name: OPTIMIZER_INFO[method as OptimizerName].label,
      optimizer: method as OptimizerName,
      hparams: DEFAULT_HYPERPARAMS,
    })),
  };
}

/** Configures one session, trains it for `spec.steps` ticks and pauses it; returns every metrics event seen. */
async function timeSession(spec: SessionSpec): Promise<SessionTrace> {
  let workerCreatedAt: number | undefined;
  let helloAt: number | undefined;
  if (spec.freshWorker || !current || current.backend !== spec.backend || current.threads !== spec.threads) {
    current?.client.terminate();
    workerCreatedAt = epochNow();
    const client = new TrainerClient(createWorker(spec.threads));
    const fresh: Current = { backend: spec.backend, threads: spec.threads, client };
    current = fresh;
    await new Promise<void>((resolve) => {
      const off = client.onEvent((event) => {
        if (event.type !== 'hello') return;
        helloAt = epochNow();
        off();
        resolve();
      });
    });
  }
  const session = current;
  const samples: MetricsSample[] = [];
  const readThrough = new Map<string, number>();
  let generation = -1;
  let error: string | undefined;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const log: { at: number; type: string; text?: string }[] = [];
  const diverged: string[] = [];
  const off = session.client.onEvent((event: WorkerEvent) => {
    if (event.type !== 'metrics' && event.type !== 'loading')
      log.push({
        at: epochNow(),
        type: event.type,
        text: JSON.stringify(event).slice(0, 300),
      });
    if (event.type === 'backend') session.report = event.report;
    else if (event.type === 'ready') generation = event.generation;
    else if (event.type === 'failed') {
      error = event.message;
      finish();
    } else if (event.type === 'deviceLost') {
      error = `GPU device lost at step ${event.snapshotStep}: ${event.message}`;
      finish();
    } else if (event.type === 'status' && event.status === 'failed') {
      error = event.message ?? 'failed';
      finish();
    } else if (event.type === 'status' && event.status === 'done' && generation >= 0) {
      // Every run finished or diverged before the wanted step.
      error = diverged.join('; ') || 'the session ended early';
      finish();
    } else if (event.type === 'metrics' && event.generation === generation && !event.replayed) {
      for (const e of event.events)
        if (e.kind === 'diverged') diverged.push(`${e.runId} diverged at step ${e.step} (${e.message})`);
      const { progress } = event;
      for (const chunk of event.chunks) {
        const last = chunk.steps[chunk.steps.length - 1];
        if (last !== undefined)
          readThrough.set(chunk.runId, Math.max(readThrough.get(chunk.runId) ?? -1, last));
      }
      const drained = event.runs.every(
        (run) => run.status !== 'active' || (readThrough.get(run.runId) ?? -1) + 1 === run.step,
      );
      samples.push({
        at: epochNow(),
        step: progress.step,
        elapsedMs: progress.elapsedMs,
        numTensors: progress.numTensors,
        numBytes: progress.numBytes,
        drained,
        ...(progress.gpuBytes === undefined ? {} : { gpuBytes: progress.gpuBytes }),
        ...(progress.lastStepAt === undefined ? {} : { lastStepAt: progress.lastStepAt }),
        runs: event.runs.map((run) => ({
          runId: run.runId,
          step: run.step,
          status: run.status,
          ...(run.msPerStep === undefined ? {} : { msPerStep: run.msPerStep }),
        })),
        bench: (event as { bench?: WorkerBenchStats }).bench,
      } as MetricsSample);
      if (progress.step >= spec.steps) finish();
    }
  });
  const configureSentAt = epochNow();
  let configuredAt = configureSentAt;
  let startSentAt = configureSentAt;
  let timedOut = false;
  try {
    await session.client.request({ type: 'configure', config: configFor(spec), dataUrl: DATA_URL });
    configuredAt = epochNow();
    startSentAt = epochNow();
    await session.client.request({ type: 'start' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      finished,
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          timedOut = true;
          resolve();
        }, spec.timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    await session.client.request({ type: 'pause' }).catch(() => undefined);
  } catch (caught) {
    error ??= (caught as Error).message;
  } finally {
    off();
  }
  return {
    spec,
    ...(session.report ? { backend: session.report } : {}),
    ...(workerCreatedAt === undefined ? {} : { workerCreatedAt }),
    ...(helloAt === undefined ? {} : { helloAt }),
    configureSentAt,
    configuredAt,
    startSentAt,
    samples,
    events: log,
    ...(error === undefined ? {} : { error }),
    ...(timedOut ? { timedOut } : {}),
  };
}

/**
 * One request to a fresh instrumented worker (on `threads` WASM threads where given): posts `request`, waits
 * for the reply `${request.type}Result` ({ result } or { error }), and ends the worker.
 */
async function askFreshWorker<T>(
  request: { type: string; spec?: ProfileSpec },
  timeoutMs: number,
  threads?: number,
): Promise<T> {
  const worker = createWorker(threads);
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${request.type} answer after ${timeoutMs} ms`)),
        timeoutMs,
      );
      worker.onmessage = (message: MessageEvent<{ type: string; result?: T; error?: string }>) => {
        if (message.data.type !== `${request.type}Result`) return;
        clearTimeout(timer);
        if (message.data.result) resolve(message.data.result);
        else reject(new Error(message.data.error ?? `${request.type} failed`));
      };
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}

/** tf.profile of a few steps of one method, in a worker of its own (see worker.ts). */
const profile = (spec: ProfileSpec, timeoutMs: number) =>
  askFreshWorker<ProfileResult>({ type: 'benchProfile', spec }, timeoutMs, spec.threads);

/** The WASM filter gradient against tfjs CPU, in a worker of its own on `threads` threads (see worker.ts). */
const kernelCheck = (threads: number, timeoutMs: number) =>
  askFreshWorker<KernelCheck>({ type: 'benchKernelCheck' }, timeoutMs, threads);

/** The browser and its graphics adapters, as the page sees them. */
async function info(): Promise<Record<string, unknown>> {
  let webgl = 'unavailable';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (gl) {
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      webgl = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    }
  } catch (caught) {
    webgl = `unavailable: ${(caught as Error).message}`;
  }
  let webgpu = 'unavailable';
  const gpu = (
    navigator as {
      gpu?: {
        requestAdapter(): Promise<{
          info?: { vendor?: string; architecture?: string; description?: string };
          features?: Set<string>;
        } | null>;
      };
    }
  ).gpu;
  if (gpu) {
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (adapter) {
      const i = adapter.info ?? {};
      const timestamps = adapter.features?.has('timestamp-query') ? ', timestamp-query' : '';
      webgpu = [i.vendor, i.architecture, i.description].filter(Boolean).join(' / ') + timestamps;
    } else webgpu = 'no adapter';
  }
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    webgl,
    webgpu,
  };
}

function stop(): void {
  current?.client.terminate();
  current = undefined;
}

(globalThis as { __bench?: unknown }).__bench = { timeSession, profile, kernelCheck, info, stop };
