/**
 * Browser set-up of the WASM backend: the .wasm binaries come through Vite as asset URLs (so dev,
 * preview and the production build all serve them), and our gradient kernels make CNNs trainable.
 * Threads need cross-origin isolation (COOP/COEP headers, set in vite.config.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendSettle } from '../engine/backend/select';
import { registerWasmGradKernels } from '../engine/backend/wasm/gradKernels';

let pathsSet = false;

/**
 * Prepares WASM before tf.setBackend('wasm'); resolves to what runs once the attempt is over: it puts the
 * worker's navigator back and, if the backend started, returns the badge's line, which names XNNPACK's thread
 * count (known only then).
 */
export async function prepareWasmBackend(): Promise<BackendSettle> {
  if (!pathsSet) {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainUrl,
      'tfjs-backend-wasm-simd.wasm': simdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
    });
    registerWasmGradKernels();
    pathsSet = true;
  }
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  const restore = threaded ? showEveryLogicalCore() : () => undefined;
  return (started) => {
    restore();
    return started ? describeWasm(simd, threaded ? getThreadsCount() : 1, isolated) : undefined;
  };
}

/**
 * tfjs-backend-wasm 4.22 caps XNNPACK's thread pool at half of `navigator.hardwareConcurrency` (its C++
 * assumes two hyperthreads per core), so on a 2-core machine the threaded build ran one thread, and every
 * extra core a user has was half wasted. Until the backend has started (it reads the count once, while its
 * module initialises), this worker's navigator reports twice its logical cores, so the pool gets one
 * thread per logical core (at most 8: the build pre-creates 8 pthread workers). Returns the undo.
 */
function showEveryLogicalCore(): () => void {
  const cores = navigator.hardwareConcurrency;
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores * 2, configurable: true });
  return () => {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  };
}

function describeWasm(simd: boolean, threads: number, isolated: boolean): string {
  const simdText = simd ? 'SIMD' : 'no SIMD';
  if (threads > 1) return `${simdText}, ${threads} threads`;
  return `${simdText}, single-threaded${isolated ? '' : ' (page not cross-origin isolated)'}`;
}
