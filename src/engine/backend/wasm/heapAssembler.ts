/**
 * A minimal WebAssembly encoder for the hand-assembled SIMD kernels (simdPoolGrad.ts, simdFilterGrad.ts,
 * reluGrad.ts): each is one exported function over i32 byte addresses that imports the tfjs backend's own
 * memory, so it works on tensors in place, with no copies. Only the opcodes those kernels use are here.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
/** Signed LEB128, as i32.const takes its operand. */
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

// Opcodes (core + SIMD, final encoding).
export const GET = 0x20;
export const SET = 0x21;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_CONST = 0x41;
export const F32_CONST = 0x43;
export const LOOP = 0x03;
export const END = 0x0b;
export const BR_IF = 0x0d;
const SIMD = 0xfd;
/** f32.load / v128.load / v128.store at a byte offset from the address on the stack (4-byte alignment hint). */
export const F32_LOAD = (offset = 0) => [0x2a, 2, ...uleb(offset)];
export const V_LOAD = (offset = 0) => [SIMD, 0x00, 2, ...uleb(offset)];
export const V_STORE = (offset = 0) => [SIMD, 0x0b, 2, ...uleb(offset)];
export const F32X4_SPLAT = [SIMD, 0x13];
export const F32X4_NE = [SIMD, 0x42];
export const F32X4_GT = [SIMD, 0x44];
export const V_AND = [SIMD, 0x4e];
export const V_ANDNOT = [SIMD, 0x4f];
export const V_OR = [SIMD, 0x50];
export const V_BITSELECT = [SIMD, 0x52];
export const F32X4_ADD = [SIMD, ...uleb(228)];
export const F32X4_MUL = [SIMD, ...uleb(230)];
export const I32 = 0x7f;
export const V128 = 0x7b;

/** f32x4 of zeros. */
export const V128_ZERO = [F32_CONST, 0, 0, 0, 0, ...F32X4_SPLAT];

/** `local += byLocal` (i32 locals: a pointer and a stride held in a local). */
export const advance = (local: number, byLocal: number): number[] => [
  GET,
  local,
  GET,
  byLocal,
  I32_ADD,
  SET,
  local,
];

/** `local += bytes`, a constant stride. */
export const advanceBy = (local: number, bytes: number): number[] => [
  GET,
  local,
  I32_CONST,
  ...sleb(bytes),
  I32_ADD,
  SET,
  local,
];

/** `counter -= step`, then back to the start of the enclosing loop while it is not zero (a do-while). */
export const countDown = (counter: number, step = 1): number[] => [
  GET,
  counter,
  I32_CONST,
  ...sleb(step),
  I32_SUB,
  SET,
  counter,
  GET,
  counter,
  BR_IF,
  0,
];

/** `local.get a` then `local.get b`, `i32.add` for each further local: the sum of byte addresses/offsets. */
export const addr = (base: number, ...offs: number[]): number[] => [
  GET,
  base,
  ...offs.flatMap((l) => [GET, l, I32_ADD]),
];

/**
 * The bytes of a module with one exported function `name(i32 × params)` whose extra locals are `locals` ([count,
 * type] runs) and whose code is `body` (without the final `end`); it imports `env.memory`, shared or not.
 */
export function functionModule(
  name: string,
  params: number,
  locals: [number, number][],
  body: number[],
  shared: boolean,
): Uint8Array<ArrayBuffer> {
  const code = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...body, END];
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: params }, () => [I32])), 0x00]])),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, ...limits]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...str(name), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/**
 * The backend's WebAssembly.Memory: the threaded build creates it in JS and keeps it as `wasmMemory` (shared);
 * the single-threaded builds export it from the module.
 */
export function heapMemory(b: BackendWasm): WebAssembly.Memory | null {
  const module = b.wasm as unknown as Record<string, unknown>;
  if (module.wasmMemory instanceof WebAssembly.Memory) return module.wasmMemory;
  const heap = (module.HEAPU8 as Uint8Array | undefined)?.buffer;
  for (const key of ['asm', 'wasmExports']) {
    const exports = module[key];
    if (exports && typeof exports === 'object') {
      for (const value of Object.values(exports as Record<string, unknown>)) {
        if (value instanceof WebAssembly.Memory && value.buffer === heap) return value;
      }
    }
  }
  return null;
}

const instances = new WeakMap<object, Map<string, unknown>>();

/**
 * The function `key` of this backend, built once by `bytes(shared)` on the backend's heap; null where that cannot
 * be done (no SIMD, no memory found), so the caller falls back to its JS path.
 */
export function heapFunction<F>(
  b: BackendWasm,
  key: string,
  bytes: (shared: boolean) => Uint8Array<ArrayBuffer>,
): F | null {
  let built = instances.get(b.wasm);
  if (!built) {
    built = new Map();
    instances.set(b.wasm, built);
  }
  if (built.has(key)) return built.get(key) as F | null;
  const memory = heapMemory(b);
  const fn = memory ? instantiateOn<F>(memory, bytes) : null;
  built.set(key, fn);
  return fn;
}

/** Whether the memory is shared (the threaded build's), so another worker can run kernels on it too. */
export const isShared = (memory: WebAssembly.Memory): boolean =>
  typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

/** The one exported function of `bytes(shared)` instantiated on `memory`, or null where that fails (no SIMD). */
export function instantiateOn<F>(
  memory: WebAssembly.Memory,
  bytes: (shared: boolean) => Uint8Array<ArrayBuffer>,
): F | null {
  try {
    const module = bytes(isShared(memory));
    if (!WebAssembly.validate(module)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(module), { env: { memory } });
    return Object.values(instance.exports)[0] as F;
  } catch {
    return null;
  }
}
