/**
 * Conv2DBackpropFilter at stride 1 as hand-assembled WebAssembly SIMD on the tfjs heap, reading x (zero-padded)
 * and dy in place (the passes: filterGradPasses.ts). The GEMM formulation (conv2dBackpropFilter.ts) spends
 * much of its time outside the arithmetic: K = N·OH·OW runs to tens of thousands, so XNNPACK packs all of dy
 * (3-7 ns a float) after dy and x are transposed and x is unrolled into an im2col matrix; for a first layer
 * (64×28×28×1→16) that is ~4.5 ms around ~0.7 ms of multiply-adds. Measured in Node (single thread, ms, GEMM
 * vs this): 64×28×28×1→16 4.4 vs 1.3, 64×14×14×16→32 6.3 vs 4.2, 64×32×32×16→16 27.5 vs 11.8, 64×8×8×64→64
 * 12.5 vs 10.5, 64×14×14×16→32 k5 14.7 vs 10.7. Where the backend is threaded, a helper worker takes half of
 * the images into a buffer of its own (filterGradHelper.ts), added to dW at the end.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { FilterGradGeometry } from './conv2dBackpropFilter';
import { readyFilterGradHelper } from './filterGradHelper';
import {
  type FilterGradJob,
  type FilterGradPass,
  passKinds,
  passModule,
  runFilterGradJob,
} from './filterGradPasses';
import { heapFunction } from './heapAssembler';
import { free, type Info, pad } from './wasmOps';

/** Input channels up to which it was measured to beat the im2col GEMM (64, the widest preset layer). */
export const SIMD_FILTER_GRAD_MAX_CHANNELS = 64;

/** Whether simdFilterGrad takes this convolution: stride 1, up to 64 input channels, output channels in fours. */
export function takesSimdFilterGrad(g: FilterGradGeometry, inChannels: number, outChannels: number): boolean {
  return g.sh === 1 && g.sw === 1 && inChannels <= SIMD_FILTER_GRAD_MAX_CHANNELS && outChannels % 4 === 0;
}

/** dW [KH, KW, Ci, Co], or null where the SIMD functions cannot be built here (the caller uses the GEMM). */
export function simdFilterGrad(b: BackendWasm, x: Info, dy: Info, g: FilterGradGeometry): Info | null {
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const co = dy.shape[3] as number;
  const { kh, kw, outH: oh, outW: ow } = g;
  const bottom = oh + kh - 1 - g.top - h;
  const right = ow + kw - 1 - g.left - w;
  // Stride 1 touches every row and column of x, so the padded x is x with a zero border (never a crop).
  if (bottom < 0 || right < 0) return null;
  const built = (taps: number, vectors: number) => {
    const { key, bytes } = passModule(taps, vectors, ci);
    return heapFunction<FilterGradPass>(b, key, bytes);
  };
  if (passKinds({ kw, co }).some(([taps, vectors]) => !built(taps, vectors))) return null;
  const pass = (taps: number, vectors: number) => built(taps, vectors) as FilterGradPass;
  const xp = pad(b, x, [
    [0, 0],
    [g.top, bottom],
    [g.left, right],
    [0, 0],
  ]);
  const dw = zeros(b, [kh, kw, ci, co]);
  const job = (dwAt: number, first: number, images: number): FilterGradJob => ({
    x: b.getMemoryOffset(xp.dataId) + first * (oh + kh - 1) * (ow + kw - 1) * ci * 4,
    dy: b.getMemoryOffset(dy.dataId) + first * oh * ow * co * 4,
    dw: dwAt,
    images,
    oh,
    ow,
    ci,
    co,
    kh,
    kw,
  });
  const helper = n > 1 ? readyFilterGradHelper(b) : null;
  if (!helper) runFilterGradJob(job(b.getMemoryOffset(dw.dataId), 0, n), pass);
  else {
    const theirs = zeros(b, [kh, kw, ci, co]);
    const half = Math.ceil(n / 2);
    const helperJob = job(b.getMemoryOffset(theirs.dataId), half, n - half);
    const wait = helper.start(helperJob);
    runFilterGradJob(job(b.getMemoryOffset(dw.dataId), 0, half), pass);
    if (wait()) {
      const mine = b.typedArrayFromHeap(dw) as Float32Array;
      const added = b.typedArrayFromHeap(theirs) as Float32Array;
      for (let i = 0; i < mine.length; i++) mine[i] = (mine[i] as number) + (added[i] as number);
      free(b, theirs);
    } else {
      // The helper gave no answer: do its share here, into dW, and leave its buffer to it.
      runFilterGradJob({ ...helperJob, dw: b.getMemoryOffset(dw.dataId) }, pass);
    }
  }
  free(b, xp);
  return dw;
}

function zeros(b: BackendWasm, shape: number[]): Info {
  const out = b.makeOutput(shape, 'float32');
  (b.typedArrayFromHeap(out) as Float32Array).fill(0);
  return out;
}
