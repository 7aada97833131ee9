/**
 * A shorter spin for tfjs-backend-wasm's thread pool. The threaded build runs XNNPACK on pthreadpool, whose
 * threads, once an operator is done, poll an atomic 1,000,000 times (a compile-time constant; WebAssembly has no
 * pause instruction to soften the polling) before they sleep. A training step is a stream of operators, so the
 * pool's worker polls nearly all the time, on the core the filter-gradient helper (filterGradHelper.ts) needs.
 * This rewrites the three spin counts in the binary to SPIN_ROUNDS before tfjs compiles it: same length, same
 * instructions, and a binary that is not the one this was written against is left alone. The A/B that decided
 * it is in the README (Performance, "The thread pool's spin").
 */

/** Rounds a pool thread spins before it sleeps: a few microseconds, against ~ms for 1,000,000. */
export const SPIN_ROUNDS = 1000;
/** `i32.const 1000000` (signed LEB128 in 3 bytes) then `local.set`: how each spin loop's counter starts. */
const STOCK_SPIN = [0x41, 0xc0, 0x84, 0x3d, 0x21];
/** `loop` (void) and `i32.atomic.load` (align 4, offset 0): what a spin loop's body starts with and polls. */
const LOOP = [0x03, 0x40];
const ATOMIC_LOAD = [0xfe, 0x10, 0x02, 0x00];
/** The spin loops of pthreadpool in tfjs-backend-wasm 4.22's threaded SIMD build. */
const STOCK_SITES = 3;
/** How near the counter's start its loop and first poll must be. */
const NEAR = 16;

const matchesAt = (bytes: Uint8Array, at: number, pattern: readonly number[]): boolean =>
  pattern.every((byte, i) => bytes[at + i] === byte);

function indexOf(bytes: Uint8Array, pattern: readonly number[], from: number, to: number): number {
  for (let at = from; at < Math.min(to, bytes.length - pattern.length + 1); at++)
    if (matchesAt(bytes, at, pattern)) return at;
  return -1;
}

/** `n` as signed LEB128 padded to exactly 3 bytes (valid wasm: the encoding may carry redundant bytes). */
function leb3(n: number): number[] {
  if (n < 1 || n >= 2 ** 20) throw new RangeError(`spin rounds ${n} do not fit 3 bytes`);
  return [(n & 0x7f) | 0x80, ((n >> 7) & 0x7f) | 0x80, (n >> 14) & 0x7f];
}

/**
 * A copy of the threaded build's bytes with its pool spinning `rounds` times instead of 1,000,000, or null where
 * the binary does not have exactly the expected spin loops (another tfjs version: use it unchanged).
 */
export function shortenThreadPoolSpin(
  bytes: Uint8Array<ArrayBuffer>,
  rounds = SPIN_ROUNDS,
): Uint8Array<ArrayBuffer> | null {
  const sites: number[] = [];
  for (let at = indexOf(bytes, STOCK_SPIN, 0, bytes.length); at >= 0; ) {
    const loop = indexOf(bytes, LOOP, at + STOCK_SPIN.length, at + NEAR);
    if (loop < 0 || indexOf(bytes, ATOMIC_LOAD, loop, loop + NEAR) < 0) return null;
    sites.push(at);
    at = indexOf(bytes, STOCK_SPIN, at + 1, bytes.length);
  }
  if (sites.length !== STOCK_SITES) return null;
  const patched = bytes.slice();
  for (const at of sites) patched.set(leb3(rounds), at + 1);
  return patched;
}
