import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../config/probes';
import type { RobustRecord } from '../config/robust';
import type { RunView } from './runViews';
import { seedMeasureTable } from './seedMeasures';
import { emptySeries } from './store';

/** PGD-2 accuracy at ε = 2 and 8 of one seed; `pgdAt8` is the one the page's table shows. */
const robust = (runId: string, replica: number, step: number, pgdAt8: number): RobustRecord => ({
  runId,
  replica,
  step,
  examples: 100,
  clean: 0.9,
  eps: [2, 8],
  sigmas: [],
  pgdSteps: 2,
  fgsm: [],
  pgd: [0.8, pgdAt8],
  noise: [],
  gradientEvaluations: 4,
  ms: 10,
});

const lambda = (runId: string, replica: number, step: number, lambdaMax: number): ProbeRecord => ({
  kind: 'hessian',
  runId,
  replica,
  step,
  spend: { gradientEvaluations: 4, forwardEvaluations: 0, ms: 1 },
  result: { lambdaMax, perIteration: [lambdaMax] },
});

/** A live run over two seeds whose replica k holds `robustOf[k]`. */
function run(key: string, name: string, robustOf: RobustRecord[][]): RunView {
  const replicas = robustOf.map((records) => ({ ...emptySeries(key), robust: records }));
  return {
    key,
    name,
    color: '#000000',
    optimizer: 'sgd',
    gradEvalsPerStep: 1,
    stepsPerEpoch: 10,
    series: { ...emptySeries(key), replicas },
  };
}

describe('seedMeasureTable', () => {
  it('compares λ_max and robust accuracy at the largest ε with the baseline, paired seed by seed', () => {
    const runs = [
      run('sgd', 'SGD', [[robust('sgd', 0, 10, 0.5)], [robust('sgd', 1, 10, 0.7)]]),
      run('sam', 'SAM', [[robust('sam', 0, 10, 0.6)], [robust('sam', 1, 10, 0.9)]]),
    ];
    const probes = [
      lambda('sgd', 0, 20, 4),
      lambda('sgd', 1, 20, 6),
      lambda('sam', 0, 20, 3),
      lambda('sam', 1, 20, 4),
    ];
    const table = seedMeasureTable(runs, probes, 'sgd');
    expect(table?.headers).toEqual(['λ_max', 'clean %', 'PGD-2 8 %']);
    expect(table?.rows.map((row) => row.cells[0])).toEqual([
      '5.000 ± 1.414 [-7.706, 17.71]',
      '3.500 ± 0.7071 [-2.853, 9.853]',
    ]);
    // λ_max differences −1, −2 and PGD differences 0.1, 0.3 − 0.2 = 0.1, 0.2: t = ∓3 on 1 df, p = 0.2048
    // (scipy.stats.ttest_rel), CI half-width 12.706 × 0.5 (× 100 for points). Clean accuracy: no difference.
    expect(table?.verdicts.map((v) => `${v.measure}: ${v.text}`)).toEqual([
      'λ_max: SAM − SGD: −1.500 ± 6.353 (95% CI, n = 2), p = 0.2, not significant at 5%',
      'clean %: SAM − SGD: no difference on any of the 2 seeds',
      'PGD-2 8 %: SAM − SGD: +15.00 ± 63.53 pts (95% CI, n = 2), p = 0.2, not significant at 5%',
    ]);
  });

  it('keeps the robust columns at the step every seed has reached while an evaluation is under way', () => {
    const runs = [
      run('sgd', 'SGD', [
        [robust('sgd', 0, 10, 0.5), robust('sgd', 0, 20, 0.1)],
        [robust('sgd', 1, 10, 0.7)],
      ]),
      run('sam', 'SAM', [[robust('sam', 0, 10, 0.6)], [robust('sam', 1, 10, 0.9)]]),
    ];
    const table = seedMeasureTable(runs, [], 'sgd');
    expect([table?.robustStep, table?.rows[0]?.cells[1], table?.rows[0]?.excluded]).toEqual([
      10,
      '60.00 ± 14.14 [-67.06, 187.06]',
      0,
    ]);
  });

  it('shows no table when no run was probed or attacked', () => {
    expect(
      seedMeasureTable([run('sgd', 'SGD', [[], []]), run('sam', 'SAM', [[], []])], [], 'sgd'),
    ).toBeUndefined();
  });
});
