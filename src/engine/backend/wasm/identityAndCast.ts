/**
 * Identity (and Cast to the same dtype) without a copy. tfjs-core clones every tensor it saves for backprop
 * (engine.clone → Identity) and the stock wasm Identity memcpy's it; tensors are immutable (Variable.assign swaps
 * the buffer, it never writes into it), so sharing the buffer with a reference count is safe — it is what the
 * cpu backend does.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type Info, run } from './wasmOps';

function shared(backend: BackendWasm, x: Info): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: Info };
  if (x.dtype === 'string') return run(backend as BackendWasm, 'Identity', { x });
  return shared(backend as BackendWasm, x);
};

/**
 * The ReLU gradient is dy · cast(step(x), 'float32'): a float32 → float32 cast of a whole activation map,
 * which the stock kernel copies (~0.5 ms for 64×28×28×16). The stock kernel also casts to bool by truncating
 * into bytes (2.25 → 2, -1 → 255); here a bool is x ≠ 0, as on tfjs's CPU backend. Other casts go to the stock
 * kernel.
 */
export const castKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: Info };
  const { dtype } = attrs as unknown as tf.CastAttrs;
  const b = backend as BackendWasm;
  if (dtype === x.dtype && dtype !== 'string') return shared(b, x);
  if (dtype === 'bool' && x.dtype !== 'string') {
    const out = b.makeOutput(x.shape, 'bool');
    const from = b.typedArrayFromHeap(x);
    const to = b.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  }
  return run(b, 'Cast', { x }, { dtype });
};
