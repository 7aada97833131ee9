import { describe, expect, it } from 'vitest';
import { PLAIN_NUMBER } from './compare';
import { summarizeSeeds } from './describe';
import { formatSpread, seedColumn, seedTable } from './seedColumns';

const twoDigits = (value: number) => value.toFixed(2);
const values: Record<string, number[]> = { a: [1, 3], b: [2, 5], c: [4, Number.NaN] };
const column = seedColumn('x', twoDigits, (id) => values[id] ?? [], 'a', { name: 'x', format: PLAIN_NUMBER });
const runs = ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase() }));

describe('seed tables', () => {
  it('write a spread as mean ± std [95% CI], one seed as its value, none as a dash', () => {
    // [1, 3]: mean 2, std √2, CI half-width 12.706 × √2/√2 = 12.706.
    expect(formatSpread(summarizeSeeds([1, 3]), twoDigits)).toBe('2.00 ± 1.41 [-10.71, 14.71]');
    expect(formatSpread(summarizeSeeds([4]), twoDigits)).toBe('4.00');
    expect(formatSpread(summarizeSeeds([]), twoDigits)).toBe('—');
  });

  it('count the seeds a run lacks and compare every other run with the baseline, seed by seed', () => {
    const table = seedTable([column], runs, 'a');
    expect(table.rows.map((row) => [row.cells[0], row.excluded])).toEqual([
      ['2.00 ± 1.41 [-10.71, 14.71]', 0],
      ['3.50 ± 2.12 [-15.56, 22.56]', 0],
      ['4.00', 1],
    ]);
    // B − A: differences 1 and 2, mean 1.5; C has one pair left, too few to test.
    expect(table.verdicts.map((v) => v.text)).toEqual([
      'B − A: +1.500 ± 6.353 (95% CI, n = 2), p = 0.2, not significant at 5%',
      'C − A: +3.000 from 1 seed, too few to test (use 2 or more)',
    ]);
  });

  it('give no verdicts when the baseline is not among the runs', () => {
    expect(seedTable([column], runs.slice(1), 'a').verdicts).toEqual([]);
  });
});
