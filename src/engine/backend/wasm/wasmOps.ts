/**
 * Thin helpers that run stock tfjs-backend-wasm kernels *directly* (kernelFunc → kernelFunc, no engine round
 * trip). Composite kernels built from them therefore appear as one entry in tf.profile, are never recorded on
 * the gradient tape, and only have to free their intermediates with `free` (backend.disposeData), exactly like
 * the backend's own composite kernels do.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Info = tf.TensorInfo;
type Attrs = tf.NamedAttrMap;

/** Stock kernel functions captured before we override any of them, so overrides can delegate. */
const stockKernels = new Map<string, tf.KernelFunc>();

/** Remembers the stock wasm kernel for `name` (call before unregistering it). */
export function captureStock(name: string): void {
  if (stockKernels.has(name)) return;
  const config = tf.getKernel(name, 'wasm');
  if (config) stockKernels.set(name, config.kernelFunc);
}

/** Runs the stock (or, if none was captured, the currently registered) wasm kernel `name`. */
export function run(
  backend: BackendWasm,
  name: string,
  inputs: Record<string, Info>,
  attrs: Attrs = {},
): Info {
  const kernelFunc = stockKernels.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!kernelFunc) throw new Error(`wasm kernel ${name} is not registered`);
  return kernelFunc({ inputs, backend, attrs }) as Info;
}

/** Releases intermediates (reshapes only drop a reference, like everywhere in the wasm backend). */
export function free(backend: BackendWasm, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export const reshape = (b: BackendWasm, x: Info, shape: number[]): Info =>
  run(b, 'Reshape', { x }, { shape });

export const transpose = (b: BackendWasm, x: Info, perm: number[]): Info =>
  run(b, 'Transpose', { x }, { perm });

/** Zero padding; `paddings` per axis as [before, after]. Returns a new reference to x when nothing is padded. */
export function pad(b: BackendWasm, x: Info, paddings: Array<[number, number]>): Info {
  if (paddings.every(([lo, hi]) => lo === 0 && hi === 0)) return reshape(b, x, x.shape);
  return padRuns(b, x, paddings) ?? run(b, 'PadV2', { x }, { paddings, constantValue: 0 });
}

/**
 * Zero padding of a 4-byte tensor as one fill and one copy per run of x that stays contiguous in the output (from
 * the last padded axis on), in place on the heap. tfjs-backend-wasm's PadV2 is slow on these shapes (by its times,
 * element by element): ~1.1 ms for 64×28×28×1 → 30×30 and ~0.4 ms for 64×14×14×16 → 16×16 (Node, one thread), as
 * long as the first layer's filter gradient that it feeds. Null for other dtypes (PadV2 does those).
 */
function padRuns(b: BackendWasm, x: Info, paddings: Array<[number, number]>): Info | null {
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
  const inShape = x.shape;
  const outShape = inShape.map(
    (size, axis) => size + (paddings[axis]?.[0] ?? 0) + (paddings[axis]?.[1] ?? 0),
  );
  const out = b.makeOutput(outShape, x.dtype);
  // One view of the whole heap (the backend's memory may have grown since any earlier view), in 4-byte words.
  const heap = new Int32Array((b.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
  const from = b.getMemoryOffset(x.dataId) / 4;
  const to = b.getMemoryOffset(out.dataId) / 4;
  heap.fill(0, to, to + tf.util.sizeFromShape(outShape));
  const inStrides = [...tf.util.computeStrides(inShape), 1];
  const outStrides = [...tf.util.computeStrides(outShape), 1];
  let lastPadded = paddings.length - 1;
  while (lastPadded > 0 && paddings[lastPadded]?.[0] === 0 && paddings[lastPadded]?.[1] === 0) lastPadded--;
  const runLength = (inShape[lastPadded] as number) * (inStrides[lastPadded] as number);
  // Axis by axis down to the last padded one, whose whole block of x is one run in the output.
  const copy = (axis: number, src: number, dst: number): void => {
    if (axis === lastPadded) {
      heap.copyWithin(dst, src, src + runLength);
      return;
    }
    const [inStep, outStep] = [inStrides[axis] as number, outStrides[axis] as number];
    for (let i = 0; i < (inShape[axis] as number); i++) copy(axis + 1, src + i * inStep, dst + i * outStep);
  };
  copy(0, from, to + paddings.reduce((sum, [lo], axis) => sum + lo * (outStrides[axis] as number), 0));
  return out;
}

/** Contiguous crop. Returns a new reference to x when the crop is the whole tensor. */
export function slice(b: BackendWasm, x: Info, begin: number[], size: number[]): Info {
  if (begin.every((v) => v === 0) && size.every((v, i) => v === x.shape[i])) return reshape(b, x, x.shape);
  return run(b, 'Slice', { x }, { begin, size });
}

/** tfjs's explicit padding for NHWC from [top, bottom, left, right]. */
function explicitPadding([top, bottom, left, right]: [
  number,
  number,
  number,
  number,
]): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ] as unknown as tf.backend_util.ExplicitPadding;
}

/** XNNPACK convolution (NHWC, filter HWIO) with explicit [top, bottom, left, right] padding. */
export function conv2d(
  b: BackendWasm,
  x: Info,
  filter: Info,
  pads: [number, number, number, number],
  strides: [number, number] = [1, 1],
  dilations: [number, number] = [1, 1],
): Info {
  return run(b, 'Conv2D', { x, filter }, {
    strides,
    pad: explicitPadding(pads),
    dataFormat: 'NHWC',
    dilations,
  } as Attrs);
}

/** XNNPACK depthwise convolution (NHWC, filter [h, w, in, multiplier]) with explicit padding. */
export function depthwiseConv2d(
  b: BackendWasm,
  x: Info,
  filter: Info,
  pads: [number, number, number, number],
  strides: [number, number] = [1, 1],
): Info {
  return run(b, 'DepthwiseConv2dNative', { x, filter }, {
    strides,
    pad: explicitPadding(pads),
    dataFormat: 'NHWC',
    dilations: [1, 1],
  } as Attrs);
}

/**
 * a[m,k] @ b[k,n] on the XNNPACK fully-connected path. The stock BatchMatMul only takes that path for rank-3
 * batch-1 inputs without transposes; everything else hits a scalar triple loop.
 */
export function matMul2d(bk: BackendWasm, a: Info, b: Info): Info {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[b.shape.length - 1] as number;
  const a3 = reshape(bk, a, [1, m, k]);
  const b3 = reshape(bk, b, [1, k, n]);
  const out3 = run(bk, 'BatchMatMul', { a: a3, b: b3 }, { transposeA: false, transposeB: false });
  const out = reshape(bk, out3, [m, n]);
  free(bk, a3, b3, out3);
  return out;
}
