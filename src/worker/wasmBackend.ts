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
import { SPIN_ROUNDS, shortenThreadPoolSpin } from '../engine/backend/wasm/threadPoolSpin';

let pathsSet: Promise<void> | null = null;
/** The spin rounds of the threaded build's pool once set up: SPIN_ROUNDS, or 'stock' where it was not patched. */
let poolSpin: number | 'stock' = 'stock';

/**
 * Prepares WASM before tf.setBackend('wasm'); resolves to what runs once the attempt is over: it puts the
 * worker's navigator back and, if the backend started, returns the badge's line, which names XNNPACK's thread
 * count (known only then).
 */
export async function prepareWasmBackend(): Promise<BackendSettle> {
  pathsSet ??= setPaths();
  await pathsSet;
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  const restore = threaded ? showEveryLogicalCore() : () => undefined;
  return (started) => {
    restore();
    return started ? describeWasm(simd, threaded ? getThreadsCount() : 1, isolated) : undefined;
  };
}

/** Points tfjs at the binaries (the threaded one with the shorter pool spin) and registers our kernels. */
async function setPaths(): Promise<void> {
  const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded ? await threadedBuildWithShortSpin() : threadedSimdUrl,
  });
  registerWasmGradKernels();
}

/**
 * The threaded build with its thread pool's shorter spin (threadPoolSpin.ts) as a blob URL, or the stock URL where
 * it cannot be fetched here or is not the binary the patch was written against.
 */
async function threadedBuildWithShortSpin(): Promise<string> {
  try {
    const response = await fetch(threadedSimdUrl);
    if (!response.ok) return threadedSimdUrl;
    const patched = shortenThreadPoolSpin(new Uint8Array(await response.arrayBuffer()));
    if (!patched || !WebAssembly.validate(patched)) return threadedSimdUrl;
    poolSpin = SPIN_ROUNDS;
    return URL.createObjectURL(new Blob([patched], { type: 'application/wasm' }));
  } catch {
    return threadedSimdUrl;
  }
}

/** How many rounds the threaded build's pool threads spin before they sleep (the benchmark page reports it). */
export const wasmPoolSpin = (): number | 'stock' => poolSpin;

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
