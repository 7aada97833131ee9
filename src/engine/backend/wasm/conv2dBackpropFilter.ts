/**
 * Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 does not ship (so no conv net can
 * train on it). Stride 1 (up to 64 input channels, output channels in fours) takes a direct SIMD kernel
 * (simdFilterGrad.ts); otherwise two formulations, both ending in one XNNPACK GEMM: an im2col +
 * fully-connected product for stride 1 and a batch/channel-swapped dilated convolution for larger strides
 * (see pickFilterGradStrategy).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdFilterGrad, takesSimdFilterGrad } from './simdFilterGrad';
import { conv2d, free, type Info, matMul2d, reshape, slice, transpose } from './wasmOps';

/** The geometry every filter-gradient strategy needs, from the same helper tfjs's CPU kernel uses. */
export interface FilterGradGeometry {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  outH: number;
  outW: number;
  /** Padding in front of x, and the rows/cols after x that the convolution actually touches (may crop x). */
  top: number;
  left: number;
  /** Rows/cols of x that are read: taps never reach beyond these ('valid' with a stride can skip the last). */
  usedH: number;
  usedW: number;
}

export function filterGradGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  padAttr: tf.Conv2DBackpropFilterAttrs['pad'],
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): FilterGradGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    padAttr as 'same',
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  // Exclusive end (in x coordinates) of the last tap of the last output row/col.
  const endH = (outHeight - 1) * sh + kh - top;
  const endW = (outWidth - 1) * sw + kw - left;
  return {
    kh,
    kw,
    sh,
    sw,
    outH: outHeight,
    outW: outWidth,
    top,
    left,
    usedH: Math.min(endH, info.inHeight),
    usedW: Math.min(endW, info.inWidth),
  };
}

/**
 * dW[kh,kw,ci,co] = Σ_{n,oh,ow} xpad[n, oh·sh+kh, ow·sw+kw, ci] · dy[n,oh,ow,co] is itself a convolution once
 * batch and channels swap roles: input x as [Ci, H, W, N] (batch Ci, channels N), filter dy as
 * [OH, OW, N, Co], dilation = the forward stride, same top/left padding; the output is [Ci, KH, KW, Co].
 * XNNPACK's convolution then does the whole reduction as one GEMM (K = N·OH·OW) reading x in place through its
 * indirection buffer, so no im2col matrix is ever written: only x and dy are transposed once.
 */
export function filterGradByConv(b: BackendWasm, x: Info, dy: Info, g: FilterGradGeometry): Info {
  const [n, , , ci] = x.shape as [number, number, number, number];
  const xUsed = slice(b, x, [0, 0, 0, 0], [n, g.usedH, g.usedW, ci]);
  const xT = transpose(b, xUsed, [3, 1, 2, 0]);
  const dyT = transpose(b, dy, [1, 2, 0, 3]);
  const bottom = (g.outH - 1) * g.sh + g.kh - g.top - g.usedH;
  const right = (g.outW - 1) * g.sw + g.kw - g.left - g.usedW;
  const out = conv2d(b, xT, dyT, [g.top, bottom, g.left, right], [1, 1], [g.sh, g.sw]);
  const dW = transpose(b, out, [1, 2, 0, 3]);
  free(b, xUsed, xT, dyT, out);
  return dW;
}

/**
 * Stride 1 only. An explicit im2col, laid out so that every copy is long: with x as [Ci, H, W, N] the pixels a
 * tap (ci, kh, kw) reads for one output row are one contiguous run of OW·N floats, so colT[(ci,kh,kw),
 * (oh,ow,n)] is assembled from Ci·KH·KW·OH `TypedArray.set` calls on the heap (padding stays zero). Then
 * dW = colT @ dyT on XNNPACK's fully-connected path, dyT = dy as [(oh,ow,n), co]; only dyT gets packed (the
 * packing of the GEMM's "weights" costs 3-7 ns/float in wasm, more than the GEMM itself for small Co).
 */
export function filterGradByIm2col(b: BackendWasm, x: Info, dy: Info, g: FilterGradGeometry): Info {
  if (g.sh !== 1 || g.sw !== 1) throw new Error('filterGradByIm2col needs stride 1');
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const co = dy.shape[3] as number;
  const { kh, kw, outH: oh, outW: ow } = g;
  const m = oh * ow * n;
  const xT = transpose(b, x, [3, 1, 2, 0]);
  const colT = b.makeOutput([ci * kh * kw, m], 'float32');
  const src = b.typedArrayFromHeap(xT) as Float32Array;
  const dst = b.typedArrayFromHeap(colT) as Float32Array;
  const padded = g.top > 0 || g.left > 0 || oh + kh - 1 - g.top > h || ow + kw - 1 - g.left > w;
  if (padded) dst.fill(0);
  let row = 0;
  for (let c = 0; c < ci; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        // Output columns whose input column ow + j - left lies inside x.
        const owLo = Math.max(0, g.left - j);
        const owHi = Math.min(ow, w + g.left - j);
        if (owHi <= owLo) continue;
        const run = (owHi - owLo) * n;
        for (let r = 0; r < oh; r++) {
          const ih = r + i - g.top;
          if (ih < 0 || ih >= h) continue;
          const from = ((c * h + ih) * w + owLo + j - g.left) * n;
          dst.set(src.subarray(from, from + run), row * m + (r * ow + owLo) * n);
        }
      }
    }
  }
  const dyT = transpose(b, dy, [1, 2, 0, 3]);
  const dy2 = reshape(b, dyT, [m, co]);
  const prod = matMul2d(b, colT, dy2);
  const prod4 = reshape(b, prod, [ci, kh, kw, co]);
  const dW = transpose(b, prod4, [1, 2, 0, 3]);
  free(b, xT, colT, dyT, dy2, prod, prod4);
  return dW;
}

export type FilterGradStrategy = 'auto' | 'conv' | 'im2col';
/** Strategy override for benchmarking (tools/bench/profileWasm.ts --filter-grad); 'auto' picks per shape, 'im2col'
 * applies to stride 1 only. */
export const filterGradOptions: { strategy: FilterGradStrategy } = { strategy: 'auto' };

/**
 * Both formulations run the same GEMM; they differ in what XNNPACK must pack per call (the data changes every
 * step) and in copies. Measured at batch 64 (single thread, ms, conv vs im2col): 28×28×1→16 9.6 vs 7.4,
 * 14×14×16→32 12.5 vs 11.6, 28×28×16→16 36 vs 18, 14×14×16→32 k5 34 vs 16 (a loaded machine; ratios held
 * across runs). So im2col for stride 1; strided convolutions use the dilated-filter convolution, which needs
 * no strided copies (14×14×16→32 stride 2 in ~2-3 ms).
 */
export function pickFilterGradStrategy(g: FilterGradGeometry): 'conv' | 'im2col' {
  if (filterGradOptions.strategy === 'conv' || g.sh !== 1 || g.sw !== 1) return 'conv';
  return 'im2col';
}

export const conv2dBackpropFilterKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (a.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const g = filterGradGeometry(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    a.pad,
    a.dimRoundingMode,
  );
  const b = backend as BackendWasm;
  if (
    filterGradOptions.strategy === 'auto' &&
    takesSimdFilterGrad(g, x.shape[3] as number, dy.shape[3] as number)
  ) {
    const dW = simdFilterGrad(b, x, dy, g);
    if (dW) return dW;
  }
  return pickFilterGradStrategy(g) === 'conv'
    ? filterGradByConv(b, x, dy, g)
    : filterGradByIm2col(b, x, dy, g);
};
