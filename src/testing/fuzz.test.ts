import { describe, expect, it } from 'vitest';
import { expectSameBytes, fuzzOptions, HUGE_CASES, hugeFuzzOptions } from './fuzz';

describe('fuzz helpers', () => {
  it('passes equal bytes and names the first differing byte otherwise', () => {
    expectSameBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3), 'data');
    expect(() => expectSameBytes(Uint8Array.of(1, 9, 3), Uint8Array.of(1, 2, 3), 'data')).toThrow(
      'data: 3 bytes where 3 were expected; first difference at byte 1',
    );
    expect(() => expectSameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3), 'data')).toThrow(/at byte 2$/);
  });

  it('compares a float array by its bytes, so a wrong element type fails', () => {
    expect(() => expectSameBytes(Float32Array.of(1, 2), Uint8Array.of(1, 2), 'images')).toThrow(
      /images: 8 bytes where 2/,
    );
  });

  it('tries a fixed few 10 MB cases whatever FUZZ_RUNS says', () => {
    const before = process.env.FUZZ_RUNS;
    process.env.FUZZ_RUNS = '20000';
    try {
      expect(hugeFuzzOptions().numRuns).toBe(HUGE_CASES);
      expect(fuzzOptions(0.05).numRuns).toBe(1000);
    } finally {
      if (before === undefined) delete process.env.FUZZ_RUNS;
      else process.env.FUZZ_RUNS = before;
    }
  });
});
