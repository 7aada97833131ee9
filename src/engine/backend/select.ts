/**
 * Backend choice for the browser worker and the report the page shows: which backend, on which
 * adapter, and why it is not the one asked for. WebGPU on a hardware adapter wins; otherwise `auto`
 * measures the CPU-side candidates (WASM with our gradient kernels, WebGL) and takes the fastest.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendChoice } from '../../config/schema';
import { measureTrainingStepMs } from './measure';
import { registerWebGpuAddN } from './webgpu/addN';
import { registerWebGpuMomentumStep } from './webgpu/momentumStep';

export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}

export interface BackendReport {
  readonly backend: BackendName;
  readonly requested: BackendChoice;
  readonly adapter?: AdapterInfo;
  /** Why the backend differs from the request (or, for auto, why others were skipped). */
  readonly fallbackReason?: string;
  /** Backend-specific facts worth showing, e.g. WASM threads. */
  readonly details?: string;
  /** 32, or 16 where the backend computes in half precision. */
  readonly floatPrecision: number;
  /** ms of the warm-up workload per candidate, where `auto` measured. */
  readonly measuredMs?: Partial<Record<BackendName, number>>;
  readonly initMs: number;
  /** The first training step (shader compilation, kernel warm-up), once known. */
  readonly firstStepMs?: number;
}

/**
 * Extra set-up a backend needs before tf.setBackend (e.g. WASM paths and kernels); may throw. It resolves to
 * what runs once the attempt is over, whether or not the backend started: it ends the set-up (undoes what
 * only initialisation needed) and, if the backend started, says what to show about it (e.g. WASM's thread
 * count, known only after initialisation).
 */
export type BackendSettle = (started: boolean) => string | undefined;
export type BackendPreparers = Partial<Record<BackendName, () => Promise<BackendSettle | undefined>>>;

const CPU_SIDE: BackendName[] = ['wasm', 'webgl'];

export async function selectBackend(
  requested: BackendChoice,
  prepare: BackendPreparers = {},
): Promise<BackendReport> {
  const started = performance.now();
  const adapter = await probeWebGpuAdapter();
  const notes: string[] = [];
  const details = new Map<BackendName, string | undefined>();
  const tryStart = async (name: BackendName) => {
    const outcome = await trySetBackend(name, prepare);
    if (outcome.ok) details.set(name, outcome.details);
    else notes.push(`${name} failed: ${outcome.error}`);
    return outcome.ok;
  };
  const finish = (
    backend: BackendName,
    measuredMs?: Partial<Record<BackendName, number>>,
  ): BackendReport => ({
    backend,
    requested,
    ...(backend === 'webgpu' && adapter.info ? { adapter: adapter.info } : {}),
    ...(notes.length > 0 ? { fallbackReason: notes.join('; ') } : {}),
    ...(details.get(backend) ? { details: details.get(backend) } : {}),
    ...(measuredMs ? { measuredMs } : {}),
    floatPrecision: tf.backend().floatPrecision(),
    initMs: performance.now() - started,
  });

  if (requested !== 'auto') {
    if (requested === 'webgpu' && adapter.problem) notes.push(`webgpu unavailable: ${adapter.problem}`);
    else if (await tryStart(requested)) return finish(requested);
    for (const name of [...CPU_SIDE, 'cpu'] as BackendName[])
      if (name !== requested && (await tryStart(name))) return finish(name);
    throw new Error(`no backend could start (${notes.join('; ')})`);
  }
  if (adapter.info && !adapter.info.isFallbackAdapter && (await tryStart('webgpu'))) return finish('webgpu');
  notes.push(
    adapter.info
      ? `WebGPU adapter "${adapter.info.description || adapter.info.architecture}" is a software fallback`
      : `webgpu unavailable: ${adapter.problem}`,
  );
  const measuredMs: Partial<Record<BackendName, number>> = {};
  for (const name of CPU_SIDE) if (await tryStart(name)) measuredMs[name] = await measureTrainingStepMs();
  const ranked = (Object.entries(measuredMs) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  const fastest = ranked[0]?.[0];
  if (fastest && (await tryStart(fastest))) {
    notes.push(
      `measured ${ranked.map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`).join(', ')}: ${fastest} is fastest`,
    );
    return finish(fastest, measuredMs);
  }
  if (await tryStart('cpu')) return finish('cpu');
  throw new Error(`no backend could start (${notes.join('; ')})`);
}

async function trySetBackend(
  name: BackendName,
  prepare: BackendPreparers,
): Promise<{ ok: true; details?: string } | { ok: false; error: string }> {
  let settle: BackendSettle | undefined;
  /** Runs the preparer's settle once, whichever way the attempt ends. */
  const settled = (started: boolean) => {
    const run = settle;
    settle = undefined;
    return run?.(started);
  };
  try {
    settle = await prepare[name]?.();
    // Stock WebGPU AddN breaks past 7 inputs (a global gradient norm of 8+ tensors); see webgpu/addN.ts.
    // The fused momentum update saves 4 dispatches per weight tensor a step; see webgpu/momentumStep.ts.
    if (name === 'webgpu') {
      registerWebGpuAddN();
      registerWebGpuMomentumStep();
    }
    const ok = await tf.setBackend(name);
    if (!ok) {
      settled(false);
      return { ok: false, error: 'initialisation returned false' };
    }
    await tf.ready();
    const details = settled(true);
    return details ? { ok: true, details } : { ok: true };
  } catch (error) {
    settled(false);
    return { ok: false, error: (error as Error).message };
  }
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

async function probeWebGpuAdapter(): Promise<{ info?: AdapterInfo; problem?: string }> {
  const gpu = (
    globalThis.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } | undefined
  )?.gpu;
  if (!gpu) return { problem: 'this browser exposes no navigator.gpu (WebGPU disabled or unsupported)' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { problem: 'navigator.gpu.requestAdapter() returned no adapter' };
    const info = adapter.info ?? {};
    return {
      info: {
        vendor: info.vendor ?? '',
        architecture: info.architecture ?? '',
        description: info.description ?? '',
        isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
      },
    };
  } catch (error) {
    return { problem: `requestAdapter failed: ${(error as Error).message}` };
  }
}

/** Resolves with a message when the active WebGPU device is lost; never resolves on other backends. */
export function webGpuDeviceLost(): Promise<string> {
  const device = (
    tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string; reason?: string }> } }
  ).device;
  if (tf.getBackend() !== 'webgpu' || !device?.lost) return new Promise(() => {});
  return device.lost.then(
    (info) => `the WebGPU device was lost (${info.reason ?? 'unknown'}: ${info.message || 'no message'})`,
  );
}
