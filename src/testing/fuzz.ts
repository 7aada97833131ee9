/**
 * Shared pieces of the fuzz suites (`*.fuzz.test.ts`, fast-check): how many cases a property tries,
 * and the hostile values that replace a field in a "valid but for one field" input.
 *
 * The unit suite tries FUZZ_RUNS = 1,000 cases per property (a few seconds a file); `npm run fuzz`
 * sets FUZZ_RUNS = 20,000. Properties whose small inputs cost more take a stated share of that;
 * those whose inputs are 10 MB try HUGE_CASES cases whatever FUZZ_RUNS says (each costs tens of ms to
 * build and parse, and the variety is in the many small cases: at a share of 20,000 they made
 * `npm run fuzz` take many minutes). A failure prints fast-check's seed and path; `FUZZ_SEED=<seed>`
 * replays the run.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

const DEFAULT_RUNS = 1000;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

/** fast-check options: `share` of FUZZ_RUNS cases (at least 2), with FUZZ_SEED when set. */
export function fuzzOptions(share = 1): fc.Parameters<unknown> {
  const runs = envNumber('FUZZ_RUNS') ?? DEFAULT_RUNS;
  return { numRuns: Math.max(2, Math.round(runs * share)), ...seedOption() };
}

/** Cases of a property whose inputs are 10 MB, in the unit suite and in `npm run fuzz` alike. */
export const HUGE_CASES = 4;

/** fast-check options for a property over 10 MB inputs: HUGE_CASES cases, with FUZZ_SEED when set. */
export function hugeFuzzOptions(): fc.Parameters<unknown> {
  return { numRuns: HUGE_CASES, ...seedOption() };
}

function seedOption(): { seed?: number } {
  const seed = envNumber('FUZZ_SEED');
  return seed === undefined ? {} : { seed };
}

/**
 * Fails naming the first differing byte unless `actual` equals `expected`. One native comparison:
 * toEqual walks a typed array value by value (about 60 ms for two 9 KB CIFAR batches), which made
 * the round-trip properties the slowest of `npm run fuzz`.
 */
export function expectSameBytes(actual: ArrayBufferView, expected: Uint8Array, what: string): void {
  const bytes = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  if (Buffer.compare(bytes, expected) === 0) return;
  const differs = bytes.findIndex((byte, i) => byte !== expected[i]);
  const at = differs >= 0 ? differs : Math.min(bytes.length, expected.length);
  expect.fail(
    `${what}: ${bytes.length} bytes where ${expected.length} were expected; first difference at byte ${at}`,
  );
}

/** Ten million characters: the "10 MB string" of the fuzz plan. */
export const TEN_MB = 10 * 2 ** 20;

/** Texts that break parsers: odd numbers, unicode, grammar characters, markup, empty and huge-ish. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-1e309',
    '1e-400',
    '-0',
    '0x10',
    '1_000',
    '9'.repeat(400),
    'true',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '<img src=x onerror=alert(1)>',
    '%',
    '%E0%A4%A',
    '(',
    ')',
    ',,',
    '=',
    '&',
    '\u0000',
    '\uFFFF',
    '\uD800',
    '😀👩‍👩‍👧',
    'x'.repeat(5000),
  ),
  fc.double().map(String),
  fc.bigInt().map(String),
);

/** JSON values of every kind, for "wrong type" mutations. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
);
