import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../config/probes';
import { flipRows, importedProbeRecords, latestByRun, rowsOverSteps } from './probeData';

const spend = { gradientEvaluations: 40, forwardEvaluations: 0, ms: 10 };
const hessian = (runId: string, step: number, lambdaMax: number): ProbeRecord => ({
  kind: 'hessian',
  runId,
  step,
  spend,
  result: { lambdaMax, perIteration: [lambdaMax] },
});
const effect = (flips: number) => ({ lossIncrease: 0.1, errorIncrease: 0.01, flips });
const common = (runId: string, step: number, flips: [number, number, number]): ProbeRecord => ({
  kind: 'common',
  runId,
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

  it("draws an imported bundle's λ_max under the imported run's key, ignoring its other events", () => {
    const events = [
      { kind: 'probe' as const, runId: 'sam', step: 50, record: hessian('sam', 50, 4) },
      { kind: 'runRemoved' as const, runId: 'sgd', step: 10 },
    ];
    const records = importedProbeRecords([{ id: 'import-2', events }]);
    expect(rowsOverSteps(records, 'hessian')).toEqual([{ step: 50, 'import-2/sam': 4 }]);
  });
});
