import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../config/probes';
import type { ImportedBundle } from '../store';
import {
  flipRows,
  importedProbeRecords,
  latestByRun,
  latestLines,
  lineRows,
  rowsOverSteps,
} from './probeData';

const spend = { gradientEvaluations: 40, forwardEvaluations: 0, ms: 10 };
const hessian = (runId: string, step: number, lambdaMax: number, replica?: number): ProbeRecord => ({
  kind: 'hessian',
  runId,
  ...(replica === undefined ? {} : { replica }),
  step,
  spend,
  result: { lambdaMax, perIteration: [lambdaMax] },
});
const line = (runId: string, step: number, from: string, loss: number[], replica?: number): ProbeRecord => ({
  kind: 'line',
  runId,
  ...(replica === undefined ? {} : { replica }),
  step,
  spend,
  result: { t: [0, 1], loss, accuracy: [0.5, 0.5], from },
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

  it('keeps the newest line of each start and run apart: init → B and A → B are two lines', () => {
    const records = [
      line('b', 100, 'init', [3, 2]),
      line('b', 200, 'a', [1, 1]),
      line('b', 300, 'init', [5, 4]),
    ];
    expect(latestLines(records).map(([r]) => [r?.result.from, r?.step])).toEqual([
      ['init', 300],
      ['a', 200],
    ]);
    expect(lineRows(latestLines(records))).toEqual([
      { t: 0, line0: 5, line1: 1 },
      { t: 1, line0: 4, line1: 1 },
    ]);
  });

  it("keys an imported bundle's probe records by its runs on the page, a line's start run too", () => {
    const bundle = {
      id: 'import-3',
      events: [
        { kind: 'probe', runId: 'sgd', step: 100, record: hessian('sgd', 100, 9) },
        { kind: 'probe', runId: 'sam', step: 100, record: line('sam', 100, 'sgd', [1, 2]) },
        { kind: 'runRemoved', runId: 'sam', step: 120 },
      ],
    } as unknown as ImportedBundle;
    expect(
      importedProbeRecords([bundle]).map((r) => [r.kind, r.runId, r.kind === 'line' && r.result.from]),
    ).toEqual([
      ['hessian', 'import-3/sgd', false],
      ['line', 'import-3/sam', 'import-3/sgd'],
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

  it('draws a line over seeds as the mean loss with its band', () => {
    const records = [line('b', 100, 'init', [3, 2], 0), line('b', 100, 'init', [5, 2], 1)];
    expect(lineRows(latestLines(records), 'minmax')).toEqual([
      { t: 0, line0: 4, 'line0:band': [3, 5] },
      { t: 1, line0: 2, 'line0:band': [2, 2] },
    ]);
  });
});
