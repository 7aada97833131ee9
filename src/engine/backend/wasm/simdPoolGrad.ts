/**
 * A 2×2/stride-2 MaxPoolGrad as a tiny hand-assembled WebAssembly SIMD function that runs directly on the tfjs
 * wasm heap (it imports the backend's own WebAssembly.Memory, so nothing is copied). The JS loop in
 * maxPoolGrad.ts is memory- and branch-bound (~3.7 ms for 64×28×28×16); this does 4 channels per instruction
 * with compare masks instead of branches. Returns null when SIMD or the memory object is unavailable, and the
 * caller falls back to JS.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  addr,
  advance,
  advanceBy,
  countDown,
  END,
  F32_CONST,
  F32X4_GT,
  F32X4_SPLAT,
  functionModule,
  GET,
  heapFunction,
  I32,
  I32_ADD,
  I32_CONST,
  LOOP,
  SET,
  V_AND,
  V_ANDNOT,
  V_BITSELECT,
  V_LOAD,
  V_OR,
  V_STORE,
  V128,
} from './heapAssembler';

type PoolGrad2x2 = (
  x: number,
  dy: number,
  dx: number,
  rows: number,
  ow: number,
  cBytes: number,
  rowBytes: number,
) => void;

/** Builds the module bytes; `shared` must match the imported memory. */
function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  // params 0..6: x dy dx rows ow cBytes rowBytes (byte addresses/sizes); i32 locals 7..13; v128 locals 14..23
  const [x, dy, dx, rows, ow, cb, rb] = [0, 1, 2, 3, 4, 5, 6];
  const [r, j, d, oRow, o, pdy, i2] = [7, 8, 9, 10, 11, 12, 13];
  const [v0, v1, v2, v3, g, c1, c2, c3, m, ninf] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const load = (dst: number, base: number, ...offs: number[]) => [
    ...addr(base, ...offs),
    ...V_LOAD(),
    SET,
    dst,
  ];
  const store = (base: number, offs: number[], value: number[]) => [
    ...addr(base, ...offs),
    ...value,
    ...V_STORE(),
  ];
  const masked = (mask: number[]) => [GET, g, ...mask, ...V_AND];
  // biome-ignore format: one wasm statement per line reads like the assembly it is
  const body = [
    F32_CONST, 0x00, 0x00, 0x80, 0xff, ...F32X4_SPLAT, SET, ninf, // ninf = splat(-inf)
    GET, dy, SET, pdy,
    I32_CONST, 0, SET, oRow,
    GET, rows, SET, r,
    LOOP, 0x40, // for each pooled row
    GET, oRow, SET, o,
    GET, ow, SET, j,
    LOOP, 0x40, // for each window in the row
    GET, cb, SET, d,
    LOOP, 0x40, // for each group of 4 channels
    GET, o, GET, rb, I32_ADD, SET, i2,
    ...load(v0, x, o),
    ...load(v1, x, o, cb),
    ...load(v2, x, i2),
    ...load(v3, x, i2, cb),
    GET, pdy, ...V_LOAD(), SET, g,
    // First strict maximum in row-major order: c_k = "pixel k beats every pixel before it".
    GET, v1, GET, v0, ...F32X4_GT, SET, c1,
    GET, v1, GET, v0, GET, c1, ...V_BITSELECT, SET, m,
    GET, v2, GET, m, ...F32X4_GT, SET, c2,
    GET, v2, GET, m, GET, c2, ...V_BITSELECT, SET, m,
    GET, v3, GET, m, ...F32X4_GT, SET, c3,
    ...store(dx, [i2, cb], masked([GET, c3])),
    ...store(dx, [i2], masked([GET, c2, GET, c3, ...V_ANDNOT])),
    ...store(dx, [o, cb], masked([GET, c1, GET, c2, ...V_ANDNOT, GET, c3, ...V_ANDNOT])),
    // Pixel 0 wins unless beaten, and only if > -inf (all -inf windows get no gradient, as on tfjs cpu).
    ...store(dx, [o], masked([GET, v0, GET, ninf, ...F32X4_GT, GET, c1, GET, c2, ...V_OR, GET, c3, ...V_OR, ...V_ANDNOT])),
    ...advanceBy(pdy, 16),
    ...advanceBy(o, 16),
    ...countDown(d, 16),
    END,
    ...advance(o, cb), // skip the window's second column
    ...countDown(j),
    END,
    ...advance(oRow, rb), ...advance(oRow, rb), // two input rows per pooled row
    ...countDown(r),
    END,
  ];
  return functionModule(
    'poolGrad2x2',
    7,
    [
      [7, I32],
      [10, V128],
    ],
    body,
    shared,
  );
}

/** The SIMD 2×2 pool-gradient function bound to this backend's heap, or null if it cannot be built. */
export function simdPoolGrad2x2(b: BackendWasm): PoolGrad2x2 | null {
  return heapFunction<PoolGrad2x2>(b, 'poolGrad2x2', moduleBytes);
}
