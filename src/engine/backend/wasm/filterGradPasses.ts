/**
 * The passes of the SIMD filter gradient (simdFilterGrad.ts), free of tfjs so that the helper worker
 * (filterGradHelper.worker.ts) runs the very same code on its share of the images:
 *
 *   dW[kh, kw, ci, co..co+4V) += Σ_{n, oh, ow} xpad[n, oh+kh, ow+kw, ci] · dy[n, oh, ow, co..co+4V)
 *
 * one pass per (kh, ci, group of up to 3 kw taps, block of up to 16 output channels) with its 3·V
 * accumulators in registers: a dy pixel is loaded once per pass and multiplied by 3 splatted x values, about
 * the multiply-adds per instruction of XNNPACK's own 4×8 GEMM kernel. Images go in blocks whose dy stays in
 * cache across the passes.
 */
import {
  advance,
  countDown,
  END,
  F32_LOAD,
  F32X4_ADD,
  F32X4_MUL,
  F32X4_SPLAT,
  functionModule,
  GET,
  I32,
  instantiateOn,
  LOOP,
  SET,
  V_LOAD,
  V_STORE,
  V128,
  V128_ZERO,
} from './heapAssembler';

/** Taps per pass (adjacent kw of one kernel row) and 4-channel vectors per pass. */
const MAX_TAPS = 3;
const MAX_VECTORS = 4;
/** dy bytes per block of images: within a core's L2, so the passes over a block read it from cache. */
const DY_BLOCK_BYTES = 256 * 1024;

export type FilterGradPass = (
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
  // biome-ignore format: one wasm statement per line reads like the assembly it is
  const body = [
    ...each((t, v) => [...V128_ZERO, SET, acc(t, v)]),
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

/** One filter gradient, or a share of its images, as byte addresses and sizes on the heap. */
export interface FilterGradJob {
  /** Zero-padded x [images, hp, wp, ci], dy [images, oh, ow, co], dW [kh, kw, ci, co] (accumulated into). */
  readonly x: number;
  readonly dy: number;
  readonly dw: number;
  readonly images: number;
  readonly oh: number;
  readonly ow: number;
  readonly ci: number;
  readonly co: number;
  readonly kh: number;
  readonly kw: number;
}

/** A job's passes per (kh, ci): groups of up to 3 adjacent kw taps × blocks of up to 16 output channels. */
function passGroups(kw: number, co: number): { j: number; taps: number; o: number; vectors: number }[] {
  const groups: { j: number; taps: number; o: number; vectors: number }[] = [];
  for (let j = 0; j < kw; j += MAX_TAPS)
    for (let o = 0; o < co; o += 4 * MAX_VECTORS)
      groups.push({ j, taps: Math.min(MAX_TAPS, kw - j), o, vectors: Math.min(MAX_VECTORS, (co - o) / 4) });
  return groups;
}

/** The (taps, vectors) pass kinds a job needs: at most four. */
export function passKinds(job: Pick<FilterGradJob, 'kw' | 'co'>): [number, number][] {
  const kinds = passGroups(job.kw, job.co).map(({ taps, vectors }): [number, number] => [taps, vectors]);
  return kinds.filter(([t, v], i) => kinds.findIndex(([t2, v2]) => t2 === t && v2 === v) === i);
}

/** A pass function's cache key and module bytes, the same for the training worker and the helper. */
export function passModule(taps: number, vectors: number, ci: number) {
  return {
    key: `filterGradPass:${taps}:${vectors}:${ci}`,
    bytes: (shared: boolean) => passBytes(taps, vectors, ci * 4, shared),
  };
}

/**
 * The pass functions instantiated on `memory` (a thread that shares the training worker's heap), built on first
 * use and kept; throws where one does not build (no WebAssembly SIMD there).
 */
export function passesOn(
  memory: WebAssembly.Memory,
): (taps: number, vectors: number, ci: number) => FilterGradPass {
  const built = new Map<string, FilterGradPass>();
  return (taps, vectors, ci) => {
    const { key, bytes } = passModule(taps, vectors, ci);
    let pass = built.get(key);
    if (!pass) {
      pass = instantiateOn<FilterGradPass>(memory, bytes) ?? undefined;
      if (!pass) throw new Error('the filter-gradient pass did not build on this thread');
      built.set(key, pass);
    }
    return pass;
  };
}

/** Bytes of one image of the job's padded x and of its dy. */
export function imageBytes({
  oh,
  ow,
  ci,
  co,
  kh,
  kw,
}: Pick<FilterGradJob, 'oh' | 'ow' | 'ci' | 'co' | 'kh' | 'kw'>): { x: number; dy: number } {
  return { x: (oh + kh - 1) * (ow + kw - 1) * ci * 4, dy: oh * ow * co * 4 };
}

/** Images per block: their dy stays in cache across the passes. */
const blockImages = (job: FilterGradJob): number =>
  Math.max(1, Math.floor(DY_BLOCK_BYTES / imageBytes(job).dy));

/** Images `first` to `first + images` of the job, accumulated into `dw` instead. */
export function imagesOf(job: FilterGradJob, first: number, images: number, dw: number): FilterGradJob {
  const bytes = imageBytes(job);
  return { ...job, x: job.x + first * bytes.x, dy: job.dy + first * bytes.dy, images, dw };
}

/** Every pass of the job, its images in blocks whose dy stays in cache; `pass` gives the function of a kind. */
export function runFilterGradJob(
  job: FilterGradJob,
  pass: (taps: number, vectors: number) => FilterGradPass,
): void {
  const { images: n, oh, ow, ci, co, kh, kw } = job;
  const wp = ow + kw - 1;
  const bytes = imageBytes(job);
  const block = blockImages(job);
  const groups = passGroups(kw, co);
  for (let first = 0; first < n; first += block) {
    const images = Math.min(block, n - first);
    for (let i = 0; i < kh; i++)
      for (let c = 0; c < ci; c++)
        for (const { j, taps, o, vectors } of groups)
          pass(taps, vectors)(
            job.x + first * bytes.x + ((i * wp + j) * ci + c) * 4,
            job.dy + first * bytes.dy + o * 4,
            job.dw + (((i * kw + j) * ci + c) * co + o) * 4,
            images,
            oh,
            ow,
            ci * 4,
            (wp - ow) * ci * 4,
            (kh - 1) * wp * ci * 4,
            co * 4,
            ci * co * 4,
          );
  }
}
