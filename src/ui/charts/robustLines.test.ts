import { describe, expect, it } from 'vitest';
import type { RobustRecord } from '../../config/robust';
import type { RunView } from '../runViews';
import { aggregateRobust } from '../seedSeries';
import { emptySeries } from '../store';
import { robustEpsilonLines, robustLevels, robustStepLines } from './robustLines';

function record(step: number, pgd: number[], noise: number[] = []): RobustRecord {
  return {
    runId: 'a',
    step,
    examples: 100,
    clean: 0.9,
    eps: [1, 8],
    sigmas: [0.1],
    pgdSteps: 10,
    fgsm: [],
    pgd,
    noise,
    gradientEvaluations: 20,
    ms: 5,
  };
}

function run(key: string, records: RobustRecord[]): RunView {
  const series = emptySeries(key);
  series.robust.push(...records);
  return {
    key,
    name: key,
    color: '#000000',
    optimizer: 'sgd',
    series,
    gradEvalsPerStep: 2,
    stepsPerEpoch: 10,
  };
}

describe('robust chart lines', () => {
  it('plot one ε of one attack over the steps, in the chosen x units', () => {
    const runs = [run('a', [record(0, [0.5, 0.1]), record(100, [0.6, 0.2])]), run('b', [])];
    const [line, ...rest] = robustStepLines(runs, 'pgd', 8, 'gradEvals');
    expect(rest).toEqual([]);
    // Gradient evaluations: step × 2 passes per step.
    expect(line?.points).toEqual([
      { x: 0, y: 0.1 },
      { x: 200, y: 0.2 },
    ]);
    expect(robustStepLines(runs, 'fgsm', 8, 'step')).toEqual([]);
  });

  it('draw accuracy against ε from the clean accuracy at ε = 0, at the latest evaluation', () => {
    const runs = [run('a', [record(0, [0.5, 0.1]), record(100, [0.6, 0.2])])];
    expect(robustEpsilonLines(runs, 'pgd')[0]?.points).toEqual([
      { x: 0, y: 0.9 },
      { x: 1, y: 0.6 },
      { x: 8, y: 0.2 },
    ]);
  });

  it('offer the ε of attacks that ran and the σ of noise that ran', () => {
    expect(robustLevels([run('a', [record(0, [0.5, 0.1])])])).toEqual({ eps: [1, 8], sigmas: [] });
    expect(robustLevels([run('a', [record(0, [], [0.7])])])).toEqual({ eps: [], sigmas: [0.1] });
  });

  it('draw a run over seeds as its mean with the band of its seeds', () => {
    const series = emptySeries('a');
    series.replicas = [0.2, 0.4].map((pgd) => {
      const replica = emptySeries('a');
      replica.robust.push(record(100, [0.5, pgd]));
      return replica;
    });
    aggregateRobust(series);
    const view = { ...run('a', []), series };
    const [line] = robustStepLines([view], 'pgd', 8, 'step', 'minmax');
    expect(line?.points.map((p) => p.y.toFixed(6))).toEqual(['0.300000']);
    expect(line?.band?.map((b) => [b.low, b.high])).toEqual([[0.2, 0.4]]);
    const [curve] = robustEpsilonLines([view], 'pgd', 'minmax');
    expect(curve?.band?.map((b) => [b.x, b.low, b.high])).toEqual([
      [0, 0.9, 0.9],
      [1, 0.5, 0.5],
      [8, 0.2, 0.4],
    ]);
  });
});
