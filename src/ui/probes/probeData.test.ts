import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../config/probes';
import { flipRows, latestByRun, rowsOverSteps } from './probeData';

const spend = { gradientEvaluations: 40, forwardEvaluations: 0, ms: 10 };
const hessian = (runId: string, step: number, lambdaMax: number, replica?: number): ProbeRecord => ({
  kind: 'hessian',
  runId,
  ...(replica === undefined ? {} : { replica }),
  step,
  spend,
  result: { lambdaMax, perIteration: [lambdaMax] },
});
const effect = (flips: number) => ({ lossIncrease: 0.1, errorIncrease: 0.01, flips });
const common = (
  runId: string,
  step: number,
  flips: [number, number, number],
  replica?: number,
): ProbeRecord => ({
  kind: 'common',
  runId,
  ...(replica === undefined ? {} : { replica }),
  step,
  spend,
  result: { ce: effect(flips[0]), qTanh: effect(flips[1]), qLog: effect(flips[2]) },
});

describe('probe chart data', () => {
  it('puts λ_max of every run on one row per probed step, in step order', () => {
    const rows = rowsOverSteps(
      [hessian('sam', 200, 3), hessian('sgd', 100, 9), hessian('sgd', 200, 7)],
      'hessian',
    );
    expect(rows).toEqual([
      { step: 100, sgd: 9 },
      { step: 200, sam: 3, sgd: 7 },
    ]);
  });

  it('keeps the latest common-ρ record of each run for the flips chart, under its name', () => {
    const records = [
      common('sam', 100, [1, 2, 3]),
      common('sam', 300, [4, 9, 8]),
      common('sgd', 300, [5, 6, 7]),
    ];
    expect(latestByRun(records, 'common').get('sam')?.step).toBe(300);
    expect(flipRows(records, new Map([['sam', 'SAM']]))).toEqual([
      { run: 'SAM', step: 300, ce: 4, qTanh: 9, qLog: 8 },
      { run: 'sgd', step: 300, ce: 5, qTanh: 6, qLog: 7 },
    ]);
  });

  it('draws λ_max over seeds as the mean with a band of ±1 std or min–max', () => {
    const records = [hessian('sam', 100, 2, 0), hessian('sam', 100, 4, 1), hessian('sam', 100, 9, 2)];
    const [std] = rowsOverSteps(records, 'hessian', 'std');
    expect(std?.sam).toBe(5);
    const band = (std?.['sam:band'] ?? []) as number[];
    expect(band.map((v) => v.toFixed(6))).toEqual(
      [5 - Math.sqrt(13), 5 + Math.sqrt(13)].map((v) => v.toFixed(6)),
    );
    expect(rowsOverSteps(records, 'hessian', 'minmax')[0]?.['sam:band']).toEqual([2, 9]);
  });

  it("averages every seed's latest flips, with error bars below and above the mean", () => {
    const records = [
      common('sam', 100, [9, 9, 9], 0),
      common('sam', 300, [2, 4, 6], 0),
      common('sam', 300, [4, 4, 8], 1),
    ];
    expect(flipRows(records, new Map(), 'minmax')).toEqual([
      {
        run: 'sam',
        step: 300,
        ce: 3,
        'ce:error': [1, 1],
        qTanh: 4,
        'qTanh:error': [0, 0],
        qLog: 7,
        'qLog:error': [1, 1],
      },
    ]);
  });
});
