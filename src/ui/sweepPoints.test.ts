import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { planReplicas } from '../config/replicas';
import type { RunView } from './runViews';
import { emptySeries } from './store';
import { sweepLines } from './sweepPoints';

/** A run view whose last evaluation has `accuracy` (mean) and `std` over seeds. */
function view(key: string, accuracy: number, std: number): RunView {
  const series = emptySeries(key);
  series.evaluations.push({ runId: key, step: 10, testLoss: 1, testAccuracy: accuracy });
  series.evaluationSpread = {
    testLoss: { std: [0], min: [1], max: [1] },
    testAccuracy: { std: [std], min: [accuracy], max: [accuracy] },
  };
  return {
    key,
    name: key,
    color: '#123456',
    optimizer: 'sam',
    series,
    gradEvalsPerStep: 2,
    stepsPerEpoch: 10,
  };
}

describe('sweepLines', () => {
  it('puts each swept value at its final accuracy with the std over seeds as the error, in value order', () => {
    const sweep = [{ runId: 'sam', key: 'rho' as const, values: [0.1, 0.01] }];
    const planned = planReplicas(DEFAULT_CONFIG.runs, sweep, 1, 3).runs;
    const lines = sweepLines(planned, [view('sam@rho=0.1', 0.8, 0.01), view('sam@rho=0.01', 0.85, 0.02)]);
    expect(lines).toEqual([
      {
        label: 'sam.rho',
        key: 'rho',
        color: '#123456',
        points: [
          { x: 0.01, y: 85, error: 2 },
          { x: 0.1, y: 80, error: 1 },
        ],
      },
    ]);
  });

  it('draws one line per value of the second axis of a grid', () => {
    const sweep = [
      { runId: 'sam', key: 'rho' as const, values: [0.01, 0.1] },
      { runId: 'sam', key: 'lr' as const, values: [0.01, 0.1] },
    ];
    const planned = planReplicas(DEFAULT_CONFIG.runs, sweep, 1, 1).runs;
    const views = planned.filter((p) => p.sourceId === 'sam').map((p) => view(p.config.id, 0.5, Number.NaN));
    expect(sweepLines(planned, views).map((line) => [line.label, line.points.length])).toEqual([
      ['sam.rho (lr=0.01)', 2],
      ['sam.rho (lr=0.1)', 2],
    ]);
  });
});
