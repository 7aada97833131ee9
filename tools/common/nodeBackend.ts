/**
 * Backend for the CLIs in Node: the project's WASM backend with its training kernels when asked for
 * (or when `auto` and it loads), else tfjs's pure-JS 'cpu'. Both run kernels synchronously. `webgpu`
 * is tfjs's WebGPU backend on Dawn (dawnBackend.ts); the process needs the Dawn environment first.
 */
import * as tf from '@tensorflow/tfjs';

export type BackendChoice = 'auto' | 'wasm' | 'cpu' | 'webgpu';

/** Sets the backend; returns its name and, when `auto` fell back to cpu, why. */
export async function selectNodeBackend(choice: BackendChoice): Promise<{ backend: string; note?: string }> {
  if (choice === 'webgpu') {
    const { initDawnBackend } = await import('./dawnBackend');
    const dawn = await initDawnBackend();
    return { backend: `webgpu on Dawn (${dawn.adapter.name})` };
  }
  if (choice !== 'cpu') {
    try {
      const { initWasmBackendInNode } = await import('../../src/engine/backend/wasm/nodeWasm');
      const info = await initWasmBackendInNode();
      return { backend: `wasm (simd ${info.simd ? 'on' : 'off'}, ${info.numThreads} thread(s))` };
    } catch (error) {
      if (choice === 'wasm') throw error;
      await tf.setBackend('cpu');
      return { backend: 'cpu', note: `wasm backend unavailable (${(error as Error).message}); using cpu` };
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu' };
}

/** Production mode: no "install tfjs-node" banner in the middle of the progress line, no debug checks. */
export function quietTfjs(): void {
  tf.enableProdMode();
}
