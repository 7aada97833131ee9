/**
 * Fuzzing the CIFAR-10 batch parser: random valid batches read back exactly; a wrong size, a broken
 * label byte, random bytes and 10 MB of noise are refused naming the file, never an exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameBytes, fuzzOptions, HUGE_CASES, hugeFuzzOptions, TEN_MB } from '../../testing/fuzz';
import { CIFAR10_RECORD_BYTES, encodeCifar10Batch, parseCifar10Batch } from './cifar10';

const FILE = 'data_batch_1.bin';
const PIXELS = 32 * 32 * 3;

const batch = fc.integer({ min: 1, max: 3 }).chain((count) =>
  fc.record({
    count: fc.constant(count),
    images: fc.uint8Array({ minLength: count * PIXELS, maxLength: count * PIXELS }),
    labels: fc.uint8Array({ min: 0, max: 9, minLength: count, maxLength: count }),
  }),
);

const refusal = (bytes: Uint8Array): string => {
  const parsed = parseCifar10Batch(bytes, FILE);
  expect(parsed.ok).toBe(false);
  const error = parsed.ok ? '' : parsed.error;
  expect(error.startsWith(`${FILE}: `)).toBe(true);
  return error;
};

describe('CIFAR-10 batch parser under fuzzing', () => {
  it('reads random valid batches back exactly', () => {
    fc.assert(
      fc.property(batch, (split) => {
        const parsed = parseCifar10Batch(encodeCifar10Batch(split), FILE);
        if (!parsed.ok) throw new Error(parsed.error);
        const { images, labels, ...rest } = parsed.value;
        expect(rest).toEqual({ count: split.count });
        expectSameBytes(images, split.images, 'images');
        expectSameBytes(labels, split.labels, 'labels');
      }),
      fuzzOptions(0.2),
    );
  });

  it('refuses a batch that is not a whole number of records, saying so', () => {
    fc.assert(
      fc.property(batch, fc.integer({ min: -3000, max: 3000 }), (split, change) => {
        fc.pre(change % CIFAR10_RECORD_BYTES !== 0);
        const bytes = encodeCifar10Batch(split);
        const resized =
          change < 0 ? bytes.subarray(0, bytes.length + change) : new Uint8Array(bytes.length + change);
        if (change > 0) resized.set(bytes);
        expect(refusal(resized)).toMatch(/is not a whole number of 3073-byte records|file is empty/);
      }),
      fuzzOptions(0.2),
    );
  });

  it('refuses a label byte over 9, naming its record', () => {
    fc.assert(
      fc.property(batch, fc.nat(), fc.integer({ min: 10, max: 255 }), (split, pick, label) => {
        const bytes = encodeCifar10Batch(split);
        const record = pick % split.count;
        bytes[record * CIFAR10_RECORD_BYTES] = label;
        expect(refusal(bytes)).toContain(`record ${record} has label ${label}`);
      }),
      fuzzOptions(0.2),
    );
  });

  it('answers random bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10_000 }), (bytes) => {
        const parsed = parseCifar10Batch(bytes, FILE);
        if (!parsed.ok) expect(parsed.error.startsWith(`${FILE}: `)).toBe(true);
      }),
      fuzzOptions(0.05),
    );
  });

  it(`answers 10 MB of one repeated byte without throwing (${HUGE_CASES} cases)`, () => {
    const noise = fc.tuple(fc.integer({ min: TEN_MB - CIFAR10_RECORD_BYTES, max: TEN_MB }), fc.nat(255));
    fc.assert(
      fc.property(noise, ([length, byte]) => {
        const parsed = parseCifar10Batch(new Uint8Array(length).fill(byte), FILE);
        if (!parsed.ok) expect(parsed.error.startsWith(`${FILE}: `)).toBe(true);
      }),
      hugeFuzzOptions(),
    );
  });
});
