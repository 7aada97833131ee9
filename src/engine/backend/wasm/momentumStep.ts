/**
 * The fused momentum update (../momentumStep.ts) on WASM: one loop per weight tensor over the heap instead of
 * six tfjs kernels, each with its engine and call overhead (~50 small kernels a step for the small CNN). Every
 * operation is rounded to float32 (Math.fround) in the op chain's order, so the result is the chain's bit
 * for bit: products and sums of float32 values are exact in a double before that one rounding.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { MomentumStepAttrs } from '../momentumStep';
import type { Info } from './wasmOps';

const f32 = Math.fround;

export const momentumStepKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as BackendWasm;
  const { param, grad, buffer } = inputs as unknown as Record<'param' | 'grad' | 'buffer', Info>;
  const a = attrs as unknown as MomentumStepAttrs;
  // The chain multiplies by scalar tensors, i.e. by the hyperparameters as float32.
  const [beta, decay, lr] = [f32(a.momentum), f32(a.weightDecay), f32(a.lr)];
  const nextBuffer = b.makeOutput(param.shape, 'float32');
  const nextParam = b.makeOutput(param.shape, 'float32');
  // Views after the last allocation (allocating can grow, and so detach, the heap).
  const w = b.typedArrayFromHeap(param) as Float32Array;
  const g = b.typedArrayFromHeap(grad) as Float32Array;
  const buf = b.typedArrayFromHeap(buffer) as Float32Array;
  const nextBuf = b.typedArrayFromHeap(nextBuffer) as Float32Array;
  const nextW = b.typedArrayFromHeap(nextParam) as Float32Array;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i] as number;
    const d = a.weightDecay === 0 ? (g[i] as number) : f32((g[i] as number) + f32(wi * decay));
    const next = f32(f32((buf[i] as number) * beta) + d);
    const direction = a.nesterov ? f32(d + f32(next * beta)) : next;
    nextBuf[i] = next;
    nextW[i] = f32(wi - f32(direction * lr));
  }
  return [nextBuffer, nextParam];
};
