/**
 * Fuzzing the IDX parser: random valid files (plain and gzip) round-trip exactly; truncated files,
 * trailing bytes, a broken header byte, random bytes, hostile gzip and 10 MB inputs are answered with
 * a message naming the file, never an exception, and nothing over the size limit is allocated.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expectSameBytes, fuzzOptions, HUGE_CASES, hugeFuzzOptions, TEN_MB } from '../../testing/fuzz';
import { MAX_IDX_BYTES, parseIdx, parseIdxFile } from './idx';

const FILE = 'images.idx';

/** An IDX file of unsigned bytes: magic 0x0000 08 rank, big-endian dims, then the data. */
function idxFile(shape: readonly number[], data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, (0x08 << 8) | shape.length);
  for (const [d, size] of shape.entries()) view.setUint32(4 + 4 * d, size);
  bytes.set(data, 4 + 4 * shape.length);
  return bytes;
}

const validFile = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }).chain((shape) => {
  const count = shape.reduce((a, b) => a * b, 1);
  return fc.record({
    shape: fc.constant(shape),
    data: fc.uint8Array({ minLength: count, maxLength: count }),
  });
});

/** Every refusal starts with the file's name and a reason. */
function expectRefusal(result: ReturnType<typeof parseIdx>): string {
  expect(result.ok).toBe(false);
  const error = result.ok ? '' : result.error;
  expect(error).toMatch(new RegExp(`^${FILE.replace('.', '\\.')}: \\S`));
  return error;
}

describe('IDX parser under fuzzing', () => {
  it('round-trips random valid files, plain and gzip-compressed', () => {
    fc.assert(
      fc.property(validFile, fc.boolean(), ({ shape, data }, compress) => {
        const file = idxFile(shape, data);
        const parsed = parseIdxFile(compress ? gzipSync(file) : file, shape.length, FILE);
        if (!parsed.ok) throw new Error(parsed.error);
        expect(parsed.value.shape).toEqual(shape);
        expectSameBytes(parsed.value.data, data, 'data');
      }),
      fuzzOptions(),
    );
  });

  it('refuses a truncated file, saying so', () => {
    fc.assert(
      fc.property(validFile, fc.nat(), ({ shape, data }, cut) => {
        const file = idxFile(shape, data);
        fc.pre(file.length > 0 && data.length + 4 * shape.length > 0);
        const error = expectRefusal(parseIdx(file.subarray(0, cut % file.length), shape.length, FILE));
        expect(error).toMatch(/too short|truncated/);
      }),
      fuzzOptions(),
    );
  });

  it('refuses trailing bytes, saying so', () => {
    fc.assert(
      fc.property(validFile, fc.uint8Array({ minLength: 1, maxLength: 64 }), ({ shape, data }, extra) => {
        const file = idxFile(shape, new Uint8Array([...data, ...extra]));
        expect(expectRefusal(parseIdx(file, shape.length, FILE))).toMatch(/has trailing bytes/);
      }),
      fuzzOptions(),
    );
  });

  it('with one header byte changed, refuses naming the file or reads a shape that fits the data', () => {
    fc.assert(
      fc.property(validFile, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ shape, data }, at, delta) => {
        const file = idxFile(shape, data);
        const headerBytes = 4 + 4 * shape.length;
        file[at % headerBytes] = ((file[at % headerBytes] as number) + delta) % 256;
        const parsed = parseIdxFile(file, shape.length, FILE);
        if (parsed.ok) expect(parsed.value.shape.reduce((a, b) => a * b, 1)).toBe(parsed.value.data.length);
        else expectRefusal(parsed);
      }),
      fuzzOptions(),
    );
  });

  it('answers random bytes, random gzip and the wrong rank without throwing', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 256 }),
      fc.uint8Array({ maxLength: 256 }).map((tail) => new Uint8Array([0x1f, 0x8b, ...tail])),
      validFile.map(({ shape, data }) => gzipSync(idxFile(shape, data)).subarray(0, -1)),
      validFile.map(({ shape, data }) => idxFile(shape, data)),
    );
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 4 }), (bytes, rank) => {
        const parsed = parseIdxFile(bytes, rank, FILE);
        if (parsed.ok) expect(parsed.value.shape).toHaveLength(rank);
        else expectRefusal(parsed);
      }),
      fuzzOptions(),
    );
  });

  it('refuses a header or a gzip trailer claiming more than the limit, before allocating', () => {
    const claims = fc.tuple(
      fc.array(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: MAX_IDX_BYTES + 1, max: 2 ** 32 - 1 }),
    );
    fc.assert(
      fc.property(claims, ([shape, inflated]) => {
        fc.pre(shape.reduce((a, b) => a * b, 1) > MAX_IDX_BYTES);
        const header = idxFile(shape, new Uint8Array(0));
        expect(expectRefusal(parseIdx(header, shape.length, FILE))).toMatch(/IDX files up to 256 MB/);
        const gzip = gzipSync(header);
        new DataView(gzip.buffer, gzip.byteOffset).setUint32(gzip.length - 4, inflated, true);
        expect(expectRefusal(parseIdxFile(gzip, shape.length, FILE))).toMatch(/IDX files up to 256 MB/);
      }),
      fuzzOptions(0.2),
    );
  });

  it(`answers 10 MB of random bytes, plain or behind a gzip header, naming the file (${HUGE_CASES} cases)`, () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, gzipFramed) => {
        const bytes = new Uint8Array(TEN_MB);
        let state = seed >>> 0;
        for (let i = 0; i < bytes.length; i++) {
          state = (state * 1664525 + 1013904223) >>> 0;
          bytes[i] = state >>> 24;
        }
        if (gzipFramed) bytes.set([0x1f, 0x8b, 8, 0]);
        expectRefusal(parseIdxFile(bytes, 3, FILE));
      }),
      hugeFuzzOptions(),
    );
  });
});
