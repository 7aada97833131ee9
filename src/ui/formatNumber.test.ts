import { describe, expect, it } from 'vitest';
import { formatFixed, formatFloat32, formatNumber } from './formatNumber';

describe('formatNumber', () => {
  it('writes ordinary values with three significant digits and no trailing zeros', () => {
    expect(formatNumber(Math.LN10)).toBe('2.3');
    expect(formatNumber(0.05)).toBe('0.05');
    expect(formatNumber(-0.12345)).toBe('-0.123');
    expect(formatNumber(0)).toBe('0');
  });

  it('keeps the integer digits of a plain number larger than its significant digits', () => {
    expect(formatNumber(12345.6)).toBe('12346');
  });

  it('gives a very large loss an exponent instead of 21 digits', () => {
    // The loss the issue saw: 1.2025053e20.
    expect(formatNumber(1.2025053e20)).toBe('1.2e20');
    expect(formatNumber(1.5e20)).toBe('1.5e20');
    expect(formatNumber(100000)).toBe('1e5');
  });

  it('gives a very small value an exponent instead of a row of zeros', () => {
    expect(formatNumber(0.0000312)).toBe('3.12e-5');
    expect(formatNumber(5e-4)).toBe('5e-4');
  });

  it('names the non-finite values', () => {
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('−∞');
  });
});

describe('formatFixed', () => {
  it('keeps a table column at its decimals', () => {
    expect(formatFixed(0.8, 3)).toBe('0.800');
    expect(formatFixed(Math.LN10, 4)).toBe('2.3026');
  });

  it('switches a huge value to an exponent rather than printing every digit', () => {
    expect(formatFixed(1.2025053e20, 4)).toBe('1.2025e20');
  });
});

describe('formatFloat32', () => {
  it('writes the fewest digits that read back as the same float32', () => {
    const value = Math.fround(0.1);
    expect(formatFloat32(value)).toBe('0.1');
    expect(Math.fround(Number(formatFloat32(value)))).toBe(value);
  });

  it('rounds a float64 mean to float32 first instead of writing 16 digits', () => {
    // 1234 correct of 1500 is 0.8226666666666667 in float64. Float32 steps are 6e-8 near 0.82, so
    // seven digits (0.8226667) land on the neighbouring float32 and eight are needed.
    expect(formatFloat32(1234 / 1500)).toBe('0.82266665');
    expect(Math.fround(0.82266665)).toBe(Math.fround(1234 / 1500));
  });

  it('round-trips large and small float32 values through their exponent form', () => {
    for (const value of [1.2025053e20, 3.1e-7, 123456.78, -42.5].map(Math.fround)) {
      const text = formatFloat32(value);
      expect(Math.fround(Number(text))).toBe(value);
    }
    expect(formatFloat32(Math.fround(1.5e20))).toBe('1.5e20');
  });

  it('leaves non-finite values empty', () => {
    expect(formatFloat32(Number.NaN)).toBe('');
    expect(formatFloat32(Number.POSITIVE_INFINITY)).toBe('');
  });
});
