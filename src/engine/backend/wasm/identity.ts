/**
 * Identity without a copy. tfjs-core clones every tensor it saves for backprop (engine.clone → Identity) and
 * the stock wasm Identity memcpy's it; tensors are immutable (Variable.assign swaps the buffer, it never writes
 * into it), so sharing the buffer with a reference count is safe — it is what the cpu backend does.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type Info, run } from './wasmOps';

export const identityKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: Info };
  if (x.dtype === 'string') return run(backend as BackendWasm, 'Identity', { x });
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
