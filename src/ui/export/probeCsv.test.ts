import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../config/probes';
import { PROBE_CSV_COLUMNS, probeCsv } from './probeCsv';

const spend = { gradientEvaluations: 41, forwardEvaluations: 0, ms: 1234.4 };

describe('probe CSV', () => {
  it('writes λ_max and each iteration, with the cost repeated on every row', () => {
    const record: ProbeRecord = {
      kind: 'hessian',
      runId: 'sam',
      step: 100,
      spend,
      result: { lambdaMax: 2.5, perIteration: [1.5, 2.5] },
    };
    expect(probeCsv([record], new Map([['sam', 'SAM']]), 1).split('\n')).toEqual([
      PROBE_CSV_COLUMNS.join(','),
      'sam,SAM,1,100,hessian,lambda_max,,,2.5,41,0,1234',
      'sam,SAM,1,100,hessian,lambda,1,,1.5,41,0,1234',
      'sam,SAM,1,100,hessian,lambda,2,,2.5,41,0,1234',
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
    expect(rows[2]).toBe('sgd,sgd,6,5,surface,loss,-1,1,2,41,0,1234');
  });
});
