/**
 * Conv2DBackpropFilter for convolutions with few input channels (a network's first layer: grayscale or RGB),
 * stride 1, as hand-assembled WebAssembly SIMD on the tfjs heap. There the GEMM formulations spend most of
 * their time outside the arithmetic: with K = N·OH·OW in the tens of thousands and only Ci·KH·KW ≤ 27 rows,
 * XNNPACK packs all of dy (3-7 ns a float) and dy is transposed first, for a 9×16 result (64×28×28×1→16:
 * ~4.5 ms, of which the multiply-adds are ~0.7). This reads x (zero-padded) and dy in place instead:
 *
 *   dW[kh, kw, ci, co..co+4V) = Σ_{n, oh, ow} xpad[n, oh+kh, ow+kw, ci] · dy[n, oh, ow, co..co+4V)
 *
 * one pass over dy per (kh, ci, group of up to 3 kw taps, block of up to 4V output channels), with the
 * 3·V accumulators in registers: each dy pixel is loaded once per pass and multiplied by 3 splatted x values.
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
/** Input channels up to which this beats the im2col GEMM (each channel is another pass over dy). */
export const SIMD_FILTER_GRAD_MAX_CHANNELS = 4;

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
      ...Array.from({ length: vectors }, (_, v) => [GET, out, GET, acc(t, v), ...V_STORE(16 * v)]).flat(),
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

/** Whether simdFilterGrad takes this convolution: stride 1, few input channels, output channels in fours. */
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
  // Byte addresses on the heap, taken after the last allocation.
  const xAt = b.getMemoryOffset(xp.dataId);
  const dyAt = b.getMemoryOffset(dy.dataId);
  const dwAt = b.getMemoryOffset(dw.dataId);
  const xRow = wp * ci * 4;
  for (let i = 0; i < kh; i++)
    for (let c = 0; c < ci; c++)
      for (let j = 0; j < kw; j += MAX_TAPS) {
        const taps = Math.min(MAX_TAPS, kw - j);
        for (let o = 0; o < co; o += 4 * MAX_VECTORS) {
          const vectors = Math.min(MAX_VECTORS, (co - o) / 4);
          pass(taps, vectors)(
            xAt + ((i * wp + j) * ci + c) * 4,
            dyAt + o * 4,
            dwAt + (((i * kw + j) * ci + c) * co + o) * 4,
            n,
            oh,
            ow,
            ci * 4,
            (wp - ow) * ci * 4,
            (hp - oh) * xRow,
            co * 4,
            ci * co * 4,
          );
        }
      }
  free(b, xp);
  return dw;
}
