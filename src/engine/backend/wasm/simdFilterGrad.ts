/**
 * Conv2DBackpropFilter at stride 1 as hand-assembled WebAssembly SIMD on the tfjs heap, reading x (zero-padded)
 * and dy in place. The GEMM formulation (conv2dBackpropFilter.ts) spends much of its time outside the
 * arithmetic: K = N·OH·OW runs to tens of thousands, so XNNPACK packs all of dy (3-7 ns a float) after dy and
 * x are transposed and x is unrolled into an im2col matrix; for a first layer (64×28×28×1→16) that is ~4.5 ms
 * around ~0.7 ms of multiply-adds. Here
 *
 *   dW[kh, kw, ci, co..co+4V) += Σ_{n, oh, ow} xpad[n, oh+kh, ow+kw, ci] · dy[n, oh, ow, co..co+4V)
 *
 * is one pass per (kh, ci, group of up to 3 kw taps, block of up to 16 output channels) with its 3·V
 * accumulators in registers: a dy pixel is loaded once per pass and multiplied by 3 splatted x values, about
 * the multiply-adds per instruction of XNNPACK's own 4×8 GEMM kernel. Images go in blocks whose dy stays in
 * cache across the passes. Measured in Node (single thread, ms, GEMM vs this): 64×28×28×1→16 4.4 vs 1.3,
 * 64×14×14×16→32 6.3 vs 4.2, 64×32×32×16→16 27.5 vs 11.8, 64×8×8×64→64 12.5 vs 10.5, 64×14×14×16→32 k5
 * 14.7 vs 10.7. It runs on one thread; XNNPACK's GEMM would use the pool, and still lost in the browser on 2.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { FilterGradGeometry } from './conv2dBackpropFilter';
import {
  BR_IF,
  END,
  F32_CONST,
  F32_LOAD,
  F32X4_ADD,
  F32X4_MUL,
  F32X4_SPLAT,
  functionModule,
  GET,
  heapFunction,
  I32,
  I32_ADD,
  I32_CONST,
  I32_SUB,
  LOOP,
  SET,
  V_LOAD,
  V_STORE,
  V128,
} from './heapAssembler';
import { free, type Info, pad } from './wasmOps';

/** Taps per pass (adjacent kw of one kernel row) and 4-channel vectors per pass. */
const MAX_TAPS = 3;
const MAX_VECTORS = 4;
/** Input channels up to which it was measured to beat the im2col GEMM (64, the widest preset layer). */
export const SIMD_FILTER_GRAD_MAX_CHANNELS = 64;
/** dy bytes per block of images: within a core's L2, so the passes over a block read it from cache. */
const DY_BLOCK_BYTES = 256 * 1024;

type FilterGradPass = (
  x: number,
  dy: number,
  dw: number,
  images: number,
  rows: number,
  cols: number,
  xPixel: number,
  xRowSkip: number,
  xImageSkip: number,
  dyPixel: number,
  tapOut: number,
) => void;

/**
 * One pass: `taps` adjacent kernel taps (x addresses `xPixelBytes` apart, a compile-time constant) × `vectors`
 * 4-channel blocks of dy. Params (byte addresses and strides): x dy dw images rows cols xPixel xRowSkip
 * xImageSkip dyPixel tapOut.
 */
function passBytes(
  taps: number,
  vectors: number,
  xPixelBytes: number,
  shared: boolean,
): Uint8Array<ArrayBuffer> {
  const [x, dy, dw, images, rows, cols, xPixel, xRowSkip, xImageSkip, dyPixel, tapOut] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ];
  const [img, r, c, px, pdy, out] = [11, 12, 13, 14, 15, 16];
  const d = 17;
  const s = (t: number) => 18 + t;
  const acc = (t: number, v: number) => 18 + taps + t * vectors + v;
  const each = (f: (t: number, v: number) => number[]) =>
    Array.from({ length: taps }, (_, t) => Array.from({ length: vectors }, (_, v) => f(t, v))).flat(2);
  const countDown = (counter: number) => [
    GET,
    counter,
    I32_CONST,
    1,
    I32_SUB,
    SET,
    counter,
    GET,
    counter,
    BR_IF,
    0,
  ];
  const advance = (pointer: number, by: number) => [GET, pointer, GET, by, I32_ADD, SET, pointer];
  // biome-ignore format: one wasm statement per line reads like the assembly it is
  const body = [
    ...each((t, v) => [F32_CONST, 0, 0, 0, 0, ...F32X4_SPLAT, SET, acc(t, v)]),
    GET, x, SET, px,
    GET, dy, SET, pdy,
    GET, images, SET, img,
    LOOP, 0x40, // each image
    GET, rows, SET, r,
    LOOP, 0x40, // each output row
    GET, cols, SET, c,
    LOOP, 0x40, // each output pixel
    ...Array.from({ length: taps }, (_, t) => [GET, px, ...F32_LOAD(t * xPixelBytes), ...F32X4_SPLAT, SET, s(t)]).flat(),
    ...Array.from({ length: vectors }, (_, v) => [
      GET, pdy, ...V_LOAD(16 * v), SET, d,
      ...Array.from({ length: taps }, (_, t) => [
        GET, acc(t, v), GET, s(t), GET, d, ...F32X4_MUL, ...F32X4_ADD, SET, acc(t, v),
      ]).flat(),
    ]).flat(),
    ...advance(px, xPixel),
    ...advance(pdy, dyPixel),
    ...countDown(c),
    END,
    ...advance(px, xRowSkip),
    ...countDown(r),
    END,
    ...advance(px, xImageSkip),
    ...countDown(img),
    END,
    GET, dw, SET, out,
    ...Array.from({ length: taps }, (_, t) => [
      ...Array.from({ length: vectors }, (_, v) => [
        GET, out, GET, out, ...V_LOAD(16 * v), GET, acc(t, v), ...F32X4_ADD, ...V_STORE(16 * v),
      ]).flat(),
      ...advance(out, tapOut),
    ]).flat(),
  ];
  return functionModule(
    'filterGradPass',
    11,
    [
      [6, I32],
      [1 + taps + taps * vectors, V128],
    ],
    body,
    shared,
  );
}

/** Whether simdFilterGrad takes this convolution: stride 1, up to 64 input channels, output channels in fours. */
export function takesSimdFilterGrad(g: FilterGradGeometry, inChannels: number, outChannels: number): boolean {
  return g.sh === 1 && g.sw === 1 && inChannels <= SIMD_FILTER_GRAD_MAX_CHANNELS && outChannels % 4 === 0;
}

/** dW [KH, KW, Ci, Co], or null where the SIMD function cannot be built here (the caller uses the GEMM). */
export function simdFilterGrad(b: BackendWasm, x: Info, dy: Info, g: FilterGradGeometry): Info | null {
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const co = dy.shape[3] as number;
  const { kh, kw, outH: oh, outW: ow } = g;
  const hp = oh + kh - 1;
  const wp = ow + kw - 1;
  const bottom = hp - g.top - h;
  const right = wp - g.left - w;
  // Stride 1 touches every row and column of x, so the padded x is x with a zero border (never a crop).
  if (bottom < 0 || right < 0) return null;
  // The passes this shape needs, by taps × vectors (at most four kinds), each built once per backend.
  const passes = new Map<string, FilterGradPass | null>();
  const pass = (taps: number, vectors: number) => passes.get(`${taps}:${vectors}`) as FilterGradPass;
  for (let j = 0; j < kw; j += MAX_TAPS)
    for (let o = 0; o < co; o += 4 * MAX_VECTORS) {
      const [taps, vectors] = [Math.min(MAX_TAPS, kw - j), Math.min(MAX_VECTORS, (co - o) / 4)];
      const built = heapFunction<FilterGradPass>(b, `filterGradPass:${taps}:${vectors}:${ci}`, (shared) =>
        passBytes(taps, vectors, ci * 4, shared),
      );
      if (!built) return null;
      passes.set(`${taps}:${vectors}`, built);
    }
  const xp = pad(b, x, [
    [0, 0],
    [g.top, bottom],
    [g.left, right],
    [0, 0],
  ]);
  const dw = b.makeOutput([kh, kw, ci, co], 'float32');
  (b.typedArrayFromHeap(dw) as Float32Array).fill(0);
  // Byte addresses on the heap, taken after the last allocation.
  const xAt = b.getMemoryOffset(xp.dataId);
  const dyAt = b.getMemoryOffset(dy.dataId);
  const dwAt = b.getMemoryOffset(dw.dataId);
  const xImage = hp * wp * ci * 4;
  const dyImage = oh * ow * co * 4;
  // Images in blocks whose dy stays in cache while every (tap, channel) pass reads it.
  const block = Math.max(1, Math.floor(DY_BLOCK_BYTES / dyImage));
  for (let first = 0; first < n; first += block) {
    const images = Math.min(block, n - first);
    for (let i = 0; i < kh; i++)
      for (let c = 0; c < ci; c++)
        for (let j = 0; j < kw; j += MAX_TAPS) {
          const taps = Math.min(MAX_TAPS, kw - j);
          for (let o = 0; o < co; o += 4 * MAX_VECTORS) {
            const vectors = Math.min(MAX_VECTORS, (co - o) / 4);
            pass(taps, vectors)(
              xAt + first * xImage + ((i * wp + j) * ci + c) * 4,
              dyAt + first * dyImage + o * 4,
              dwAt + (((i * kw + j) * ci + c) * co + o) * 4,
              images,
              oh,
              ow,
              ci * 4,
              (wp - ow) * ci * 4,
              (hp - oh) * wp * ci * 4,
              co * 4,
              ci * co * 4,
            );
          }
        }
  }
  free(b, xp);
  return dw;
}
