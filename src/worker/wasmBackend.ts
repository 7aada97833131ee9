/**
 * Browser set-up of the WASM backend: the .wasm binaries come through Vite as asset URLs (so dev,
 * preview and the production build all serve them), and our gradient kernels make CNNs trainable.
 * Threads need cross-origin isolation (COOP/COEP headers, set in vite.config.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmGradKernels } from '../engine/backend/wasm/gradKernels';

let pathsSet = false;

/** Prepares WASM before tf.setBackend('wasm'); returns a line for the backend badge. */
export async function prepareWasmBackend(): Promise<string> {
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
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  return describeWasm(simd, threads, isolated);
}

function describeWasm(simd: boolean, threads: boolean, isolated: boolean): string {
  const simdText = simd ? 'SIMD' : 'no SIMD';
  if (threads) return `${simdText}, multi-threaded`;
  return `${simdText}, single-threaded${isolated ? '' : ' (page not cross-origin isolated)'}`;
}
