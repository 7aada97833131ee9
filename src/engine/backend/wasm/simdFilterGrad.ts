/**
 * Conv2DBackpropFilter at stride 1 as hand-assembled WebAssembly SIMD on the tfjs heap, reading x (zero-padded)
 * and dy in place (the passes: filterGradPasses.ts). The GEMM formulation (conv2dBackpropFilter.ts) spends
 * much of its time outside the arithmetic: K = N·OH·OW runs to tens of thousands, so XNNPACK packs all of dy
 * (3-7 ns a float) after dy and x are transposed and x is unrolled into an im2col matrix; for a first layer
 * (64×28×28×1→16) that is ~4.5 ms around ~0.7 ms of multiply-adds. Measured in Node (single thread, ms, GEMM
 * vs this): 64×28×28×1→16 4.4 vs 1.3, 64×14×14×16→32 6.3 vs 4.2, 64×32×32×16→16 27.5 vs 11.8, 64×8×8×64→64
 * 12.5 vs 10.5, 64×14×14×16→32 k5 14.7 vs 10.7. Where the backend is threaded, a helper worker shares the
 * images with this thread in chunks (filterGradHelper.ts).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { FilterGradGeometry } from './conv2dBackpropFilter';
import { chunkCount, sharedJob } from './filterGradControl';
import { type FilterGradHelper, readyFilterGradHelper } from './filterGradHelper';
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
  const whole: FilterGradJob = {
    x: b.getMemoryOffset(xp.dataId),
    dy: b.getMemoryOffset(dy.dataId),
    dw: b.getMemoryOffset(dw.dataId),
    images: n,
    oh,
    ow,
    ci,
    co,
    kh,
    kw,
  };
  const helper = n > 1 ? readyFilterGradHelper(b) : null;
  if (!helper || !sharedWithHelper(b, helper, whole, dw, pass)) runFilterGradJob(whole, pass);
  free(b, xp);
  return dw;
}

/**
 * dW by this thread and the helper, chunk by chunk, each chunk into a slot of its own, then the slots summed in
 * chunk order into `dw` (zero): the same bits whichever thread ran which chunk. False if the helper failed
 * (`dw` untouched, the slots left to it).
 */
function sharedWithHelper(
  b: BackendWasm,
  helper: FilterGradHelper,
  whole: FilterGradJob,
  dw: Info,
  pass: (taps: number, vectors: number) => FilterGradPass,
): boolean {
  const layout = sharedJob(whole, 0);
  const chunks = chunkCount(layout);
  const slots = zeros(b, [chunks, ...dw.shape]);
  const job = { ...layout, dw: b.getMemoryOffset(slots.dataId) };
  if (!helper.share(job, (chunk) => runFilterGradJob(chunk, pass))) return false;
  const sum = b.typedArrayFromHeap(dw) as Float32Array;
  const all = b.typedArrayFromHeap(slots) as Float32Array;
  for (let c = 0, at = 0; c < chunks; c++)
    for (let i = 0; i < sum.length; i++, at++) sum[i] = (sum[i] as number) + (all[at] as number);
  free(b, slots);
  return true;
}

function zeros(b: BackendWasm, shape: number[]): Info {
  const out = b.makeOutput(shape, 'float32');
  (b.typedArrayFromHeap(out) as Float32Array).fill(0);
  return out;
}
