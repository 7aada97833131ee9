import { describe, expect, it } from 'vitest';
import { STEP_METRICS } from '../../config/metrics';
import { CSV_COLUMNS, type CsvRun, metricsCsv } from './csv';

const f32 = (value: number) => Math.fround(value);

const sam: CsvRun = {
  id: 'sam',
  name: 'SAM, wide "ρ"',
  optimizer: 'sam',
  seed: 4,
  steps: [0, 1],
  values: { loss: [f32(2.3), f32(2.1)], sharpness: [f32(0.01), Number.NaN] },
  evaluations: [
    { step: 0, testLoss: 2.31, testAccuracy: 0.1 },
    { step: 2, testLoss: 2.0, testAccuracy: 0.25 },
  ],
};

describe('metricsCsv', () => {
  it('starts with the documented columns: ids, step, every metric, then the test columns', () => {
    const header = metricsCsv([]).split('\r\n')[0];
    expect(header).toBe(
      `run_id,run_name,optimizer,seed,step,${STEP_METRICS.join(',')},test_loss,test_accuracy`,
    );
    expect(CSV_COLUMNS).toHaveLength(5 + STEP_METRICS.length + 2);
  });

  it('writes one row per run and step, plus a row for an evaluation after the last step', () => {
    const sgd: CsvRun = {
      id: 'sgd',
      name: 'SGD',
      optimizer: 'sgd',
      seed: 1,
      steps: [0, 1, 2],
      values: { loss: [1, 1, 1] },
      evaluations: [],
    };
    const lines = metricsCsv([sam, sgd]).trimEnd().split('\r\n').slice(1);
    expect(lines.map((line) => line.split(',')[0])).toEqual(['sam', 'sam', 'sam', 'sgd', 'sgd', 'sgd']);
  });

  it('fills measured metrics, leaves unmeasured ones empty and puts evaluations on their step', () => {
    const [, first, second, last] = metricsCsv([sam]).trimEnd().split('\r\n');
    const cell = (line: string | undefined, column: string) => {
      // The run name is quoted (it has a comma and quotes), so split after it.
      const rest = (line ?? '').replace(/^sam,"SAM, wide ""ρ""",/, 'sam,NAME,');
      return rest.split(',')[CSV_COLUMNS.indexOf(column as (typeof CSV_COLUMNS)[number])];
    };
    expect(first?.startsWith('sam,"SAM, wide ""ρ""",sam,4,0,2.3,')).toBe(true);
    expect([cell(first, 'sharpness'), cell(first, 'test_loss'), cell(first, 'test_accuracy')]).toEqual([
      '0.01',
      '2.31',
      '0.1',
    ]);
    expect([cell(second, 'sharpness'), cell(second, 'test_loss'), cell(second, 'bisamQ')]).toEqual([
      '',
      '',
      '',
    ]);
    expect([cell(last, 'step'), cell(last, 'loss'), cell(last, 'test_accuracy')]).toEqual(['2', '', '0.25']);
  });

  it('writes a float64 test accuracy with at most float32 digits and a huge loss with an exponent', () => {
    const wild: CsvRun = {
      id: 'wild',
      name: 'wild',
      optimizer: 'sgd',
      seed: 1,
      steps: [0],
      values: { loss: [f32(1.2025053e20)] },
      evaluations: [{ step: 0, testLoss: 2.3, testAccuracy: 1234 / 1500 }],
    };
    const row = metricsCsv([wild]).split('\r\n')[1]?.split(',') ?? [];
    expect(row[CSV_COLUMNS.indexOf('loss')]).toBe('1.2025053e20');
    expect(row[CSV_COLUMNS.indexOf('test_accuracy')]).toBe('0.82266665');
  });
});
