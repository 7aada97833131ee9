/**
 * Fuzzing the feature-CSV parser: random valid tables (header or not, comma or tab, label anywhere)
 * read back exactly; a broken cell is refused naming its row; any bytes and 10 MB fields are answered
 * with one short line that starts with the file's name, never an exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzOptions, HUGE_CASES, hostileText, hugeFuzzOptions, TEN_MB } from '../../testing/fuzz';
import { parseFeatureCsv } from './csv';

const FILE = 'table.csv';
const MAX_MESSAGE_CHARS = 400;
const encode = (text: string) => new TextEncoder().encode(text);

/** Float32 values print and parse back to themselves (-0 prints as 0, so it is left out). */
const feature = fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));

const table = fc
  .record({
    features: fc.integer({ min: 1, max: 5 }),
    rows: fc.integer({ min: 1, max: 12 }),
    separator: fc.constantFrom(',', '\t'),
    header: fc.boolean(),
    labelAt: fc.nat(),
    labelName: fc.constantFrom('label', 'class', 'target', 'Label'),
    crlf: fc.boolean(),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      names: fc
        .uniqueArray(fc.nat({ max: 9999 }), { minLength: shape.features, maxLength: shape.features })
        .map((ids) => ids.map((id) => `f${id}`)),
      cells: fc.array(fc.array(feature, { minLength: shape.features, maxLength: shape.features }), {
        minLength: shape.rows,
        maxLength: shape.rows,
      }),
      labels: fc
        .array(fc.nat({ max: 255 }), { minLength: shape.rows, maxLength: shape.rows })
        .filter((labels) => Math.max(...labels) >= 1),
    }),
  );

type Table = typeof table extends fc.Arbitrary<infer T> ? T : never;

/** The table as CSV text; without a header the label is the last column. */
function csvText({ shape, names, cells, labels }: Table): { text: string; labelColumn: number } {
  const labelColumn = shape.header ? shape.labelAt % (shape.features + 1) : shape.features;
  const withLabel = (row: string[], label: string) => [
    ...row.slice(0, labelColumn),
    label,
    ...row.slice(labelColumn),
  ];
  const lines = cells.map((row, r) => withLabel(row.map(String), String(labels[r])).join(shape.separator));
  if (shape.header) lines.unshift(withLabel(names, shape.labelName).join(shape.separator));
  return { text: lines.join(shape.crlf ? '\r\n' : '\n'), labelColumn };
}

describe('feature-CSV parser under fuzzing', () => {
  it('reads random valid tables back exactly', () => {
    fc.assert(
      fc.property(table, (t) => {
        const parsed = parseFeatureCsv(encode(csvText(t).text), FILE);
        if (!parsed.ok) throw new Error(parsed.error);
        expect([...parsed.value.features]).toEqual(t.cells.flat());
        expect([...parsed.value.labels]).toEqual(t.labels);
        expect(parsed.value.numClasses).toBe(Math.max(...t.labels) + 1);
        if (t.shape.header) expect(parsed.value.featureNames).toEqual(t.names);
      }),
      fuzzOptions(),
    );
  });

  it('with one cell broken, reads a valid number or names that cell’s row', () => {
    const oneLine = hostileText.filter((text) => !/[,\t\r\n]/.test(text));
    fc.assert(
      fc.property(table, fc.nat(), fc.nat(), oneLine, (t, pickRow, pickColumn, cell) => {
        const { text } = csvText(t);
        const lines = text.split(/\r?\n/);
        const row = (t.shape.header ? 1 : 0) + (pickRow % t.shape.rows);
        const fields = (lines[row] as string).split(t.shape.separator);
        fields[pickColumn % fields.length] = cell;
        lines[row] = fields.join(t.shape.separator);
        const parsed = parseFeatureCsv(encode(lines.join('\n')), FILE);
        if (parsed.ok) return;
        expect(parsed.error.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        // A header-less table whose first row turned non-numeric reads it as a header instead.
        if (row === 0) expect(parsed.error).toMatch(new RegExp(`^${FILE}: `));
        else expect(parsed.error).toMatch(new RegExp(`^${FILE}: (row ${row + 1}[ :,]|every label is 0)`));
      }),
      fuzzOptions(),
    );
  });

  it('answers any text or bytes in one short line naming the file', () => {
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }).map(encode),
      fc.uint8Array({ maxLength: 300 }),
      table.chain((t) => fc.nat().map((cut) => encode(csvText(t).text).subarray(0, cut % 200))),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        const parsed = parseFeatureCsv(bytes, FILE);
        if (parsed.ok) return;
        expect(parsed.error.startsWith(`${FILE}: `)).toBe(true);
        expect(parsed.error.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      }),
      fuzzOptions(),
    );
  });

  it(`keeps the message one short line when a field or a header holds 10 MB (${HUGE_CASES} cases × 3 places)`, () => {
    const places = (huge: string) => [
      `a,b,label\n1,${huge},0\n`,
      `${huge},b,label\n1,2,1\n1,2\n`,
      `1,2,${huge}\n`,
    ];
    const hugeCell = fc
      .constantFrom('x', '9', 'é', '😀', '"', ' ')
      .map((unit) => unit.repeat(TEN_MB / unit.length));
    fc.assert(
      fc.property(hugeCell, (huge) => {
        for (const text of places(huge)) {
          const parsed = parseFeatureCsv(encode(text), FILE);
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.error.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        }
      }),
      hugeFuzzOptions(),
    );
  });
});
