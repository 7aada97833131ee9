/**
 * Small float32 Add, Sub, Multiply and Square on the calling thread. On a threaded build every stock
 * elementwise kernel is an XNNPACK operator run on its thread pool, and handing a few thousand floats to the
 * pool's other thread costs more than the arithmetic. A SAM step is full of such ops (its norm, perturbation and
 * metrics, over the ~55 k weights or the [batch, 10] logits): in Chromium on 2 threads, batch 64, Multiply ×22
 * took 1.24 ms a step and Square ×3 1.03 ms, against 0.29 and 0.09 ms on one thread. Here one SIMD loop on the
 * heap does the same IEEE operation (so the same bits) where both operands have the output's shape or one is a
 * single value; every other case goes to the stock kernel.
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

const OPS = {
  [tf.Add]: { simd: F32X4_ADD, scalar: (a: number, b: number) => a + b },
  [tf.Sub]: { simd: F32X4_SUB, scalar: (a: number, b: number) => a - b },
  [tf.Multiply]: { simd: F32X4_MUL, scalar: (a: number, b: number) => a * b },
} as const;
export type SmallElementwiseOp = keyof typeof OPS;

/** Which operand is one value, broadcast to every element (`none`: both have the output's shape). */
type Splat = 'none' | 'a' | 'b';
type Loop = (a: number, b: number, out: number, vectors: number) => void;

/** out[i] = a[i] ∘ b[i] for `vectors` groups of 4 floats; a splat operand is read once, at its address. */
function loopBytes(op: SmallElementwiseOp, splat: Splat) {
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
  return null;
}

/** a ∘ b on the calling thread, or null where this path does not take it (the caller runs the stock kernel). */
export function smallElementwise(bk: BackendWasm, op: SmallElementwiseOp, a: Info, b: Info): Info | null {
  const splat = splatOf(a, b);
  if (splat === null) return null;
  const loop = heapFunction<Loop>(bk, `elementwise-${op}-${splat}`, loopBytes(op, splat));
  if (!loop) return null;
  const shape = splat === 'a' ? b.shape : a.shape;
  const out = bk.makeOutput(shape, 'float32');
  const size = tf.util.sizeFromShape(shape);
  const vectors = Math.floor(size / 4);
  if (vectors > 0)
    loop(bk.getMemoryOffset(a.dataId), bk.getMemoryOffset(b.dataId), bk.getMemoryOffset(out.dataId), vectors);
  const [as, bs, outs] = [a, b, out].map((t) => bk.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
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
