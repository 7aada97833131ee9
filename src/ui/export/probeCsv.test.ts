import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../config/probes';
import { PROBE_CSV_COLUMNS, probeCsv } from './probeCsv';

const spend = { gradientEvaluations: 41, forwardEvaluations: 0, ms: 1234.4 };

describe('probe CSV', () => {
  it('writes λ_max and each iteration, with the cost repeated on every row (no settings: blank)', () => {
    const record: ProbeRecord = {
      kind: 'hessian',
      runId: 'sam',
      step: 100,
      spend,
      result: { lambdaMax: 2.5, perIteration: [1.5, 2.5] },
    };
    expect(probeCsv([record], new Map([['sam', 'SAM']]), 1).split('\n')).toEqual([
      PROBE_CSV_COLUMNS.join(','),
      'sam,SAM,1,100,hessian,lambda_max,,,2.5,41,0,1234,,,,,,,,',
      'sam,SAM,1,100,hessian,lambda,1,,1.5,41,0,1234,,,,,,,,',
      'sam,SAM,1,100,hessian,lambda,2,,2.5,41,0,1234,,,,,,,,',
      '',
    ]);
  });

  it('writes the surface as loss and accuracy at every (a, b), with the seed of its replica', () => {
    const record: ProbeRecord = {
      kind: 'surface',
      runId: 'sgd',
      replica: 2,
      step: 5,
      spend,
      result: {
        coordinates: [-1, 1],
        loss: [
          [1, 2],
          [3, 4],
        ],
        accuracy: [
          [0.5, 0.25],
          [0.75, 1],
        ],
      },
    };
    const rows = probeCsv([record], new Map(), 4).trim().split('\n').slice(1);
    expect(rows).toHaveLength(8);
    expect(rows[2]).toBe('sgd,sgd,6,5,surface,loss,-1,1,2,41,0,1234,,,,,,,,');
  });

  it('writes the settings each record was measured with, so a change of P mid-run shows row by row', () => {
    const hessian = (step: number, size: number): ProbeRecord => ({
      kind: 'hessian',
      runId: 'sam',
      step,
      spend,
      result: { lambdaMax: 2, perIteration: [2] },
      settings: { size, iterations: 1 },
    });
    const common: ProbeRecord = {
      kind: 'common',
      runId: 'sam',
      step: 40,
      spend,
      result: Object.fromEntries(
        ['ce', 'qTanh', 'qLog'].map((a) => [a, { lossIncrease: 0.5, errorIncrease: 0.25, flips: 3 }]),
      ) as Extract<ProbeRecord, { kind: 'common' }>['result'],
      settings: { size: 32, rho: 0.05, mu: 1, alpha: 0.1 },
    };
    const rows = probeCsv([hessian(20, 64), hessian(40, 32), common], new Map(), 1)
      .trim()
      .split('\n')
      .map((row) => row.split(','));
    const [header, ...body] = rows as [string[], ...string[][]];
    // Read back by column name, as pandas would.
    const read = (row: string[]) =>
      Object.fromEntries(
        ['step', 'probe', 'probe_size', 'power_iterations', 'rho_probe', 'mu', 'alpha', 'line_points'].map(
          (name) => [name, row[header.indexOf(name)]],
        ),
      );
    const blank = { rho_probe: '', mu: '', alpha: '', line_points: '' };
    const hessianRow = (step: string, size: string) => ({
      step,
      probe: 'hessian',
      probe_size: size,
      power_iterations: '1',
      ...blank,
    });
    const commonRow = {
      step: '40',
      probe: 'common',
      probe_size: '32',
      power_iterations: '',
      rho_probe: '0.05',
      mu: '1',
      alpha: '0.1',
      line_points: '',
    };
    // Two rows per λ_max record (lambda_max, one iteration), nine per common-ρ record.
    expect(body.map(read)).toEqual([
      ...[hessianRow('20', '64'), hessianRow('20', '64'), hessianRow('40', '32'), hessianRow('40', '32')],
      ...Array.from({ length: 9 }, () => commonRow),
    ]);
  });
});
