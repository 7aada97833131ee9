/**
 * Small float32 broadcasts of Add, Sub and Multiply (a column against rows, a bias against a few rows) on the
 * calling thread. On a threaded build the stock kernel runs them as XNNPACK operators on its thread pool, and
 * there they were far slower than the arithmetic: in Chromium on 2 threads at batch 64, Multiply [64,1]×[64,10]
 * (the loss's and the metrics' shape) took 0.67 ms a call against 0.012 ms on one thread. A JS loop does the
 * same IEEE operation (so the same bits) on up to SMALL_BROADCAST_MAX output floats.
 *
 * Only broadcasts: taking same-shape and one-value ops off the pool as well (a SIMD loop on the heap) made a
 * 2-thread step slower in an A/B race (SGD 16.9 → 18.5 ms, SAM 38.1 → 42.4 at batch 64, 3 rounds each),
 * apparently because the pool's worker then falls asleep between large operators.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasmOps';

/** Up to this many output floats a broadcast runs here. */
export const SMALL_BROADCAST_MAX = 1 << 13;

const OPS = {
  [tf.Add]: (a: number, b: number) => a + b,
  [tf.Sub]: (a: number, b: number) => a - b,
  [tf.Multiply]: (a: number, b: number) => a * b,
} as const;
export type BroadcastOp = keyof typeof OPS;

/**
 * Per output axis, how far one step along it moves in `shape` (numpy's right-aligned broadcasting; 0 along
 * axes the operand lacks or has as 1).
 */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = outShape.map(() => 0);
  for (let d = shape.length - 1, step = 1; d >= 0; d--) {
    const size = shape[d] as number;
    if (size !== 1) strides[outShape.length - shape.length + d] = step;
    step *= size;
  }
  return strides;
}

/** out = a ∘ b with any broadcast, the last axis in an inner loop and the others counted like an odometer. */
function broadcastInJs(
  op: BroadcastOp,
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  out: Float32Array,
  outShape: number[],
): void {
  const shape = outShape.length > 0 ? outShape : [1];
  const [sa, sb] = [broadcastStrides(aShape, shape), broadcastStrides(bShape, shape)];
  const last = shape.length - 1;
  const [inner, ia, ib] = [shape[last] as number, sa[last] as number, sb[last] as number];
  const index = shape.map(() => 0);
  const scalar = OPS[op];
  let [pa, pb] = [0, 0];
  for (let o = 0; o < out.length; o += inner) {
    for (let k = 0; k < inner; k++) out[o + k] = scalar(a[pa + k * ia] as number, b[pb + k * ib] as number);
    // Next row: carry through the outer axes, rewinding each that wraps.
    for (let d = last - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      pa += sa[d] as number;
      pb += sb[d] as number;
      if ((index[d] as number) < (shape[d] as number)) break;
      pa -= (sa[d] as number) * (shape[d] as number);
      pb -= (sb[d] as number) * (shape[d] as number);
      index[d] = 0;
    }
  }
}

/**
 * a ∘ b on the calling thread where it is a small float32 broadcast other than one value against a whole
 * tensor, or null (the caller runs the stock kernel).
 */
export function smallBroadcast(bk: BackendWasm, op: BroadcastOp, a: Info, b: Info): Info | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const size = tf.util.sizeFromShape(shape);
  const [sizeA, sizeB] = [tf.util.sizeFromShape(a.shape), tf.util.sizeFromShape(b.shape)];
  const elementwise = (sizeA === size || sizeA === 1) && (sizeB === size || sizeB === 1);
  if (size > SMALL_BROADCAST_MAX || elementwise) return null;
  const out = bk.makeOutput(shape, 'float32');
  const [as, bs, outs] = [a, b, out].map((t) => bk.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  broadcastInJs(op, as, a.shape, bs, b.shape, outs, shape);
  return out;
}
