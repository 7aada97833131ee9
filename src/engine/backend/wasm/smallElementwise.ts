/**
 * Small float32 Add, Sub, Multiply and Square on the calling thread. On a threaded build every stock
 * elementwise kernel is an XNNPACK operator run on its thread pool, and handing a few thousand floats to the
 * pool's other thread costs more than the arithmetic: the pool's worker must wake (and get a core) before the op
 * returns. A SAM step is full of such ops (its norm, perturbation and metrics, over the ~55 k weights or the
 * [batch, 10] logits). In Chromium on 2 threads at batch 64, Multiply [64,1]×[64,10] took 0.67 ms a call
 * against 0.012 on one thread, and Square ×3 1.03 ms a step against 0.09. Here one SIMD loop on the heap does
 * the same IEEE operation (so the same bits) where both operands have the output's shape or one is a single
 * value, and a JS loop any other broadcast up to BROADCAST_MAX floats; larger ones go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  advanceBy,
  countDown,
  END,
  F32_LOAD,
  F32X4_ADD,
  F32X4_MUL,
  F32X4_SPLAT,
  F32X4_SUB,
  functionModule,
  GET,
  heapFunction,
  LOOP,
  SET,
  V_LOAD,
  V_STORE,
  V128,
} from './heapAssembler';
import { type Info, run } from './wasmOps';

/**
 * Up to this many output floats the op stays on the calling thread: above the weight tensors and logits of the
 * preset models, below their activation maps (64×14×14×32 = 401 k), where the pool's second thread pays.
 */
export const SMALL_ELEMENTWISE_MAX = 1 << 16;
/** Up to this many output floats a general broadcast (a row against a column, a bias) runs as a JS loop. */
export const BROADCAST_MAX = 1 << 13;

const OPS = {
  [tf.Add]: { simd: F32X4_ADD, scalar: (a: number, b: number) => a + b },
  [tf.Sub]: { simd: F32X4_SUB, scalar: (a: number, b: number) => a - b },
  [tf.Multiply]: { simd: F32X4_MUL, scalar: (a: number, b: number) => a * b },
} as const;
export type SmallElementwiseOp = keyof typeof OPS;

/**
 * Which operand is one value, broadcast to every element (`none`: both have the output's shape; `general`: any
 * other broadcast).
 */
type Splat = 'none' | 'a' | 'b' | 'general';
type Loop = (a: number, b: number, out: number, vectors: number) => void;

/** out[i] = a[i] ∘ b[i] for `vectors` groups of 4 floats; a splat operand is read once, at its address. */
function loopBytes(op: SmallElementwiseOp, splat: Exclude<Splat, 'general'>) {
  return (shared: boolean): Uint8Array<ArrayBuffer> => {
    const [a, b, out, n] = [0, 1, 2, 3];
    const [av, bv] = [4, 5];
    const operand = (ptr: number, value: number, splatted: boolean) =>
      splatted ? [GET, value] : [GET, ptr, ...V_LOAD()];
    // biome-ignore format: one wasm statement per line reads like the assembly it is
    const body = [
      ...(splat === 'a' ? [GET, a, ...F32_LOAD(), ...F32X4_SPLAT, SET, av] : []),
      ...(splat === 'b' ? [GET, b, ...F32_LOAD(), ...F32X4_SPLAT, SET, bv] : []),
      LOOP, 0x40,
      GET, out, ...operand(a, av, splat === 'a'), ...operand(b, bv, splat === 'b'), ...OPS[op].simd, ...V_STORE(),
      ...(splat === 'a' ? [] : advanceBy(a, 16)),
      ...(splat === 'b' ? [] : advanceBy(b, 16)),
      ...advanceBy(out, 16),
      ...countDown(n),
      END,
    ];
    return functionModule('elementwise', 4, [[2, V128]], body, shared);
  };
}

/** How a and b meet in `op`, if this path takes it: float32, small, and each operand whole-shape or one value. */
function splatOf(a: Info, b: Info): Splat | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const [sizeA, sizeB] = [tf.util.sizeFromShape(a.shape), tf.util.sizeFromShape(b.shape)];
  const size = Math.max(sizeA, sizeB);
  if (size > SMALL_ELEMENTWISE_MAX) return null;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  if (sizeA === sizeB && tf.util.arraysEqual(a.shape, outShape) && tf.util.arraysEqual(b.shape, outShape))
    return 'none';
  if (sizeA === 1 && tf.util.arraysEqual(b.shape, outShape)) return 'a';
  if (sizeB === 1 && tf.util.arraysEqual(a.shape, outShape)) return 'b';
  return tf.util.sizeFromShape(outShape) <= BROADCAST_MAX ? 'general' : null;
}

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
  op: SmallElementwiseOp,
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
  const { scalar } = OPS[op];
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

/** a ∘ b on the calling thread, or null where this path does not take it (the caller runs the stock kernel). */
export function smallElementwise(bk: BackendWasm, op: SmallElementwiseOp, a: Info, b: Info): Info | null {
  const splat = splatOf(a, b);
  if (splat === null) return null;
  const loop =
    splat === 'general' ? null : heapFunction<Loop>(bk, `elementwise-${op}-${splat}`, loopBytes(op, splat));
  if (splat !== 'general' && !loop) return null;
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = bk.makeOutput(shape, 'float32');
  const [as, bs, outs] = [a, b, out].map((t) => bk.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  if (!loop) {
    broadcastInJs(op, as, a.shape, bs, b.shape, outs, shape);
    return out;
  }
  const size = outs.length;
  const vectors = Math.floor(size / 4);
  if (vectors > 0)
    loop(bk.getMemoryOffset(a.dataId), bk.getMemoryOffset(b.dataId), bk.getMemoryOffset(out.dataId), vectors);
  const { scalar } = OPS[op];
  for (let i = vectors * 4; i < size; i++)
    outs[i] = scalar(as[splat === 'a' ? 0 : i] as number, bs[splat === 'b' ? 0 : i] as number);
  return out;
}

/** Square as x · x: the small case on the calling thread, the rest on the stock kernel. */
export const squareKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: Info };
  const bk = backend as BackendWasm;
  return smallElementwise(bk, tf.Multiply, x, x) ?? run(bk, tf.Square, { x });
};
