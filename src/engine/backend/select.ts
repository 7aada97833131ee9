/**
 * Backend choice for the browser worker and the report the page shows: which backend, on which
 * adapter, and why it is not the one asked for. WebGPU on a hardware adapter wins; a software
 * (fallback) WebGPU adapter is slower than WASM with our gradient kernels, so `auto` skips it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendChoice } from '../../config/schema';

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
  /** Why the backend differs from the request (or, for auto, why better ones were skipped). */
  readonly fallbackReason?: string;
  /** Backend-specific facts worth showing, e.g. WASM threads. */
  readonly details?: string;
  readonly initMs: number;
}

/** Extra set-up a backend needs before tf.setBackend (e.g. WASM paths and kernels); may throw. */
export type BackendPreparers = Partial<Record<BackendName, () => Promise<string | undefined>>>;

export async function selectBackend(
  requested: BackendChoice,
  prepare: BackendPreparers = {},
): Promise<BackendReport> {
  const started = performance.now();
  const adapter = await probeWebGpuAdapter();
  const skipped: string[] = [];
  for (const candidate of candidates(requested, adapter, skipped)) {
    const outcome = await trySetBackend(candidate, prepare);
    if (outcome.ok) {
      const reason = skipped.length > 0 ? skipped.join('; ') : undefined;
      return {
        backend: candidate,
        requested,
        ...(candidate === 'webgpu' && adapter.info ? { adapter: adapter.info } : {}),
        ...(reason ? { fallbackReason: reason } : {}),
        ...(outcome.details ? { details: outcome.details } : {}),
        initMs: performance.now() - started,
      };
    }
    skipped.push(`${candidate} failed: ${outcome.error}`);
  }
  throw new Error(`no backend could start (${skipped.join('; ')})`);
}

function candidates(
  requested: BackendChoice,
  adapter: { info?: AdapterInfo; problem?: string },
  skipped: string[],
): BackendName[] {
  const cpuOrder: BackendName[] = ['wasm', 'webgl', 'cpu'];
  if (requested !== 'auto') {
    if (requested === 'webgpu' && adapter.problem) skipped.push(`webgpu unavailable: ${adapter.problem}`);
    const rest: BackendName[] = ['webgpu', ...cpuOrder].filter((b) => b !== requested) as BackendName[];
    return requested === 'webgpu' && adapter.problem
      ? rest.filter((b) => b !== 'webgpu')
      : [requested, ...rest];
  }
  if (adapter.info && !adapter.info.isFallbackAdapter) return ['webgpu', ...cpuOrder];
  skipped.push(
    adapter.info
      ? `WebGPU adapter "${adapter.info.description || adapter.info.architecture}" is a software fallback, slower than WASM`
      : `webgpu unavailable: ${adapter.problem}`,
  );
  return cpuOrder;
}

async function trySetBackend(
  name: BackendName,
  prepare: BackendPreparers,
): Promise<{ ok: true; details?: string } | { ok: false; error: string }> {
  try {
    const details = await prepare[name]?.();
    const ok = await tf.setBackend(name);
    if (!ok) return { ok: false, error: 'initialisation returned false' };
    await tf.ready();
    return details ? { ok: true, details } : { ok: true };
  } catch (error) {
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
