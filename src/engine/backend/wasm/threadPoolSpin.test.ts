import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { wasmDistDir } from './nodeWasm';
import { SPIN_ROUNDS, shortenThreadPoolSpin } from './threadPoolSpin';

const threadedBuild = async (): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await readFile(`${wasmDistDir()}tfjs-backend-wasm-threaded-simd.wasm`));

/** Offsets where two buffers of one length differ. */
const differences = (a: Uint8Array, b: Uint8Array): number[] =>
  Array.from(a.keys()).filter((i) => a[i] !== b[i]);

describe("the thread pool's shorter spin", () => {
  it('rewrites exactly the three spin counts of the installed threaded build, to a valid module', async () => {
    const stock = await threadedBuild();
    const patched = shortenThreadPoolSpin(stock);
    expect(patched).not.toBeNull();
    if (!patched) return;
    expect(patched.length).toBe(stock.length);
    // Three sites, each a 3-byte LEB128: 1,000,000 (c0 84 3d) becomes SPIN_ROUNDS, padded to 3 bytes.
    const sites = spinCounters(stock);
    expect(sites).toHaveLength(3);
    const decoded = (bytes: Uint8Array, at: number) =>
      ((bytes[at] as number) & 0x7f) |
      (((bytes[at + 1] as number) & 0x7f) << 7) |
      ((bytes[at + 2] as number) << 14);
    for (const site of sites) expect(decoded(patched, site + 1)).toBe(SPIN_ROUNDS);
    const counterBytes = sites.flatMap((site) => [site + 1, site + 2, site + 3]);
    for (const at of differences(stock, patched)) expect(counterBytes).toContain(at);
    expect(spinCounters(patched)).toHaveLength(0);
    expect(WebAssembly.validate(patched)).toBe(true);
    // The original is left as it was (tfjs may still be handed it).
    expect(shortenThreadPoolSpin(stock)).toEqual(patched);
  });

  it('leaves alone a binary without exactly those spin loops', async () => {
    const stock = await threadedBuild();
    expect(shortenThreadPoolSpin(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBeNull();
    // A fourth counter of 1,000,000 outside a spin loop: not the binary this was written against.
    const extra = new Uint8Array(stock.length + 40);
    extra.set(stock);
    extra.set([0x41, 0xc0, 0x84, 0x3d, 0x21, 0x01], stock.length + 8);
    expect(shortenThreadPoolSpin(extra)).toBeNull();
    // A counter whose loop does not poll an atomic right after.
    const noLoop = stock.slice();
    const first = spinCounters(stock)[0] as number;
    noLoop.fill(0x01, first + 5, first + 20);
    expect(shortenThreadPoolSpin(noLoop)).toBeNull();
  });
});

/** Where `i32.const 1000000` (41 c0 84 3d) occurs. */
function spinCounters(bytes: Uint8Array): number[] {
  const sites: number[] = [];
  for (let at = 0; at < bytes.length - 4; at++)
    if (bytes[at] === 0x41 && bytes[at + 1] === 0xc0 && bytes[at + 2] === 0x84 && bytes[at + 3] === 0x3d)
      sites.push(at);
  return sites;
}
