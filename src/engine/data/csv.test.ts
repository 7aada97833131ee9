import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../config/importSize';
import { featureTableDataset, parseFeatureCsv } from './csv';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseFeatureCsv', () => {
  it('reads features and the last column as the label without a header', () => {
    const parsed = parseFeatureCsv(bytes('0.5,1,0\n-2,3e-1,1\n'), 'points.csv');
    if (!parsed.ok) throw new Error(parsed.error);
    expect([...parsed.value.features]).toEqual([0.5, 1, -2, Math.fround(0.3)]);
    expect([...parsed.value.labels]).toEqual([0, 1]);
    expect(parsed.value.numClasses).toBe(2);
  });

  it('takes the column named label from a header, wherever it is', () => {
    const parsed = parseFeatureCsv(bytes('label,x,y\r\n2,1,2\r\n0,3,4\r\n'), 'digits.csv');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.featureNames).toEqual(['x', 'y']);
    expect([...parsed.value.features]).toEqual([1, 2, 3, 4]);
    expect([...parsed.value.labels]).toEqual([2, 0]);
    expect(parsed.value.numClasses).toBe(3);
  });

  it('reads tab-separated rows', () => {
    const parsed = parseFeatureCsv(bytes('1\t2\t1\n3\t4\t0\n'), 'points.tsv');
    expect(parsed.ok && [...parsed.value.labels]).toEqual([1, 0]);
  });

  it('names a truncated row and its field count', () => {
    expect(parseFeatureCsv(bytes('x,y,label\n1,2,0\n3,4'), 'p.csv')).toEqual({
      ok: false,
      error: 'p.csv: row 3 has 2 fields, expected 3',
    });
  });

  it('names a feature that is not a number with its row and column', () => {
    expect(parseFeatureCsv(bytes('x,y,label\n1,abc,0\n'), 'p.csv')).toEqual({
      ok: false,
      error: 'p.csv: row 2, column 2 (y): "abc" is not a number',
    });
  });

  it('rejects labels that are not class numbers', () => {
    for (const label of ['-1', '2.5', '256', 'cat']) {
      const parsed = parseFeatureCsv(bytes(`1,2,1\n1,2,${label}\n`), 'p.csv');
      expect(!parsed.ok && parsed.error).toBe(`p.csv: row 2: label "${label}" is not a class number 0–255`);
    }
  });

  it('rejects a file with one class', () => {
    expect(parseFeatureCsv(bytes('1,0\n2,0\n'), 'p.csv').ok).toBe(false);
  });

  it('refuses a file over the size limit before decoding it, saying both sizes', () => {
    expect(parseFeatureCsv(new Uint8Array(MAX_IMPORT_BYTES.csv + 2 ** 20), 'big.csv')).toEqual({
      ok: false,
      error: 'big.csv: the file is 65 MB; CSV files up to 64 MB can be imported',
    });
  });

  it('rejects an empty file and a header without rows', () => {
    expect(parseFeatureCsv(bytes('\n'), 'p.csv')).toEqual({ ok: false, error: 'p.csv: file is empty' });
    expect(parseFeatureCsv(bytes('x,label\n'), 'p.csv').ok).toBe(false);
  });
});

describe('featureTableDataset', () => {
  const rows = Array.from({ length: 10 }, (_, i) => `${i},${i % 2}`).join('\n');

  it('tests on every fifth row and trains on the others', () => {
    const table = parseFeatureCsv(bytes(rows), 'p.csv');
    if (!table.ok) throw new Error(table.error);
    const dataset = featureTableDataset(table.value, 'p.csv');
    if (!dataset.ok) throw new Error(dataset.error);
    expect([...dataset.value.test.images]).toEqual([4, 9]);
    expect([...dataset.value.train.images]).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(dataset.value.imageShape).toEqual([1, 1, 1]);
  });

  it('shapes 64 features as an 8×8 image', () => {
    const line = (label: number) => [...Array.from({ length: 64 }, (_, i) => i), label].join(',');
    const table = parseFeatureCsv(
      bytes(Array.from({ length: 5 }, (_, i) => line(i % 2)).join('\n')),
      'd.csv',
    );
    if (!table.ok) throw new Error(table.error);
    const dataset = featureTableDataset(table.value, 'd.csv');
    expect(dataset.ok && dataset.value.imageShape).toEqual([8, 8, 1]);
  });
});
