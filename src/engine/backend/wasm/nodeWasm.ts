/**
 * Node-only bootstrap for the tfjs WASM backend (tests, CLI profiling). The browser worker must not import
 * this file (it uses node:module); it calls `setWasmPaths(...)` itself and then `registerWasmGradKernels()`
 * from './gradKernels' before `tf.setBackend('wasm')`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from './gradKernels';

export interface WasmBackendInfo {
  backend: string;
  /** Whether the SIMD binary was chosen (feature-detected by tfjs via WebAssembly.validate). */
  simd: boolean;
  /** Whether the threaded binary was chosen. tfjs 4.22 hard-codes `false` in Node (tfjs issue #3830). */
  threads: boolean;
  /** XNNPACK thread-pool size reported by the backend (1 = single-threaded). */
  numThreads: number;
  /** Folder the .wasm binaries were loaded from. */
  wasmDir: string;
}

let initialised: Promise<WasmBackendInfo> | null = null;

/** The installed package's dist/ folder, found through module resolution so no absolute path is baked in. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

/**
 * Points tfjs-backend-wasm at its binaries, registers the training kernels the stock backend lacks, and makes
 * 'wasm' the active backend. Safe to call repeatedly: setWasmPaths may only run before the first init, so the
 * first call's promise is reused (and its options win).
 */
export function initWasmBackendInNode(
  options: { replaceSlowStock?: boolean } = {},
): Promise<WasmBackendInfo> {
  if (initialised === null) {
    initialised = (async () => {
      const wasmDir = wasmDistDir();
      setWasmPaths(wasmDir);
      registerWasmGradKernels(options);
      const ok = await tf.setBackend('wasm');
      if (!ok) throw new Error(`tf.setBackend('wasm') failed (binaries looked up in ${wasmDir})`);
      await tf.ready();
      return wasmBackendInfo(wasmDir);
    })();
  }
  return initialised.then(async (info) => {
    // A caller may have switched to another backend since; switch back.
    if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
    return info;
  });
}

async function wasmBackendInfo(wasmDir: string): Promise<WasmBackendInfo> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return { backend: tf.getBackend(), simd, threads, numThreads: getThreadsCount(), wasmDir };
}
