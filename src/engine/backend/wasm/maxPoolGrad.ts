/**
 * MaxPoolGrad override. The stock 4.22 wasm kernel is both slow (a gather over every dy window for every dx
 * pixel, ~13 ms for a 64×28×28×16 map) and wrong: it seeds the running max with FLT_MIN instead of -inf, so
 * windows of non-positive values (e.g. all-zero ReLU outputs) route their gradient to element 0, and it breaks
 * ties towards the last maximum. This version follows tfjs-core/CPU semantics exactly (the gradient goes to the
 * first strict maximum of the in-bounds window pixels, row-major) in one pass over the window pixels: the
 * common 2×2/stride-2 case with channels % 4 == 0 in WebAssembly SIMD on the heap (simdPoolGrad.ts), the rest
 * as tight loops over Float32Array views of the wasm heap (like the stock Slice/Concat kernels).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdPoolGrad2x2 } from './simdPoolGrad';
import type { Info } from './wasmOps';

export const maxPoolGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: Info; input: Info };
  const a = attrs as unknown as tf.MaxPoolGradAttrs;
  const b = backend as BackendWasm;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const dx = b.makeOutput(input.shape, 'float32');
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const exactTiles = info.padInfo.top === 0 && info.padInfo.left === 0 && h === 2 * oh && w === 2 * ow;
  if (isTiled2x2(info) && exactTiles && c % 4 === 0) {
    const simd = simdPoolGrad2x2(b);
    if (simd) {
      const at = (t: Info) => b.getMemoryOffset(t.dataId);
      simd(at(input), at(dy), at(dx), batchSize * oh, ow, c * 4, w * c * 4);
      return dx;
    }
  }
  // Views are taken after makeOutput: allocation can grow (and detach) the heap.
  const xv = b.typedArrayFromHeap(input) as Float32Array;
  const dyv = b.typedArrayFromHeap(dy) as Float32Array;
  const dxv = b.typedArrayFromHeap(dx) as Float32Array;
  const { top, left } = info.padInfo;
  if (
    isTiled2x2(info) &&
    top === 0 &&
    left === 0 &&
    info.inHeight >= 2 * info.outHeight &&
    info.inWidth >= 2 * info.outWidth
  ) {
    pool2x2Grad(xv, dyv, dxv, info);
  } else {
    genericGrad(xv, dyv, dxv, info);
  }
  return dx;
};

function isTiled2x2(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2
  );
}

/**
 * The common 2×2/stride-2 unpadded case: windows tile x, so every dx pixel is written exactly once (no zero
 * fill, no read-modify-write) and the four window pixels are compared inline.
 */
function pool2x2Grad(
  xv: Float32Array,
  dyv: Float32Array,
  dxv: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const rowStride = w * c;
  // Rows/cols beyond the last window (odd sizes) receive no gradient.
  if (h > 2 * oh || w > 2 * ow) dxv.fill(0);
  let dyi = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let yr = 0; yr < oh; yr++) {
      let p = (n * h + 2 * yr) * rowStride;
      for (let yc = 0; yc < ow; yc++, p += 2 * c) {
        for (let d = 0; d < c; d++, dyi++) {
          const i0 = p + d;
          const i1 = i0 + c;
          const i2 = i0 + rowStride;
          const i3 = i2 + c;
          const v0 = xv[i0] as number;
          const v1 = xv[i1] as number;
          const v2 = xv[i2] as number;
          const v3 = xv[i3] as number;
          const g = dyv[dyi] as number;
          // First strict maximum, like `pixel > maxValue` scanning row-major from -inf.
          let k = v0 > Number.NEGATIVE_INFINITY ? 0 : -1;
          let m = v0;
          if (v1 > m || (k < 0 && v1 > Number.NEGATIVE_INFINITY)) {
            k = 1;
            m = v1;
          }
          if (v2 > m || (k < 0 && v2 > Number.NEGATIVE_INFINITY)) {
            k = 2;
            m = v2;
          }
          if (v3 > m || (k < 0 && v3 > Number.NEGATIVE_INFINITY)) k = 3;
          dxv[i0] = k === 0 ? g : 0;
          dxv[i1] = k === 1 ? g : 0;
          dxv[i2] = k === 2 ? g : 0;
          dxv[i3] = k === 3 ? g : 0;
        }
      }
    }
  }
}

/** Any window/stride/padding: first strict max per window, gradient accumulated (windows may overlap). */
function genericGrad(
  xv: Float32Array,
  dyv: Float32Array,
  dxv: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  dxv.fill(0);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  let dyi = 0;
  for (let n = 0; n < batchSize; n++) {
    const xBase = n * h * w * c;
    for (let yr = 0; yr < oh; yr++) {
      const r0 = yr * sh - top;
      const rLo = Math.max(0, r0);
      const rHi = Math.min(h, r0 + fh);
      for (let yc = 0; yc < ow; yc++) {
        const c0 = yc * sw - left;
        const cLo = Math.max(0, c0);
        const cHi = Math.min(w, c0 + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let r = rLo; r < rHi; r++) {
          for (let col = cLo; col < cHi; col++) {
            const base = xBase + (r * w + col) * c;
            for (let d = 0; d < c; d++) {
              const v = xv[base + d] as number;
              if (v > (best[d] as number)) {
                best[d] = v;
                bestAt[d] = base + d;
              }
            }
          }
        }
        for (let d = 0; d < c; d++, dyi++) {
          const at = bestAt[d] as number;
          if (at >= 0) dxv[at] = (dxv[at] as number) + (dyv[dyi] as number);
        }
      }
    }
  }
}
