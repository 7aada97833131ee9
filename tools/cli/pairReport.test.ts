import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../src/config/probes';
import { pairReport, type TrainResult } from './pairReport';

const spend = { gradientEvaluations: 3, forwardEvaluations: 3, ms: 1 };
const effect = (flips: number) => ({ lossIncrease: 0, errorIncrease: 0, flips });
const common = (runId: string, replica: number, ce: number, qLog: number): ProbeRecord => ({
  kind: 'common',
  runId,
  replica,
  step: 10,
  spend,
  result: { ce: effect(ce), qTanh: effect(0), qLog: effect(qLog) },
});
const run = (id: string, accuracies: number[]) => ({
  id,
  replicas: accuracies.map((accuracy, replica) => ({
    replica,
    evaluations: [{ step: 10, testAccuracy: accuracy }],
  })),
});

// Differences 1, 2, 3 pts: t = 3.4641 on 2 df; for 2 df the two-sided p is 1 − t/√(t² + 2) = 0.0742 (what
// scipy.stats.ttest_rel gives), and the 95% CI half-width t₀.₉₇₅ · s/√n = 4.3027 · 0.5774 = 2.48.
const result: TrainResult = {
  runs: [run('sgd', [0.8, 0.81, 0.83]), run('sam', [0.81, 0.83, 0.86])],
  probes: [common('sam', 0, 4, 6), common('sam', 1, 5, 9), common('sam', 2, 3, 4), common('sgd', 0, 1, 1)],
};

describe('pairReport', () => {
  it('pairs every run with every other by seed, with the paired t-test of scipy', () => {
    const lines = pairReport(result);
    expect(lines).toContain('sam − sgd (paired by seed)');
    expect(lines).toContain('  final test acc %: +2.00 ± 2.48 (95% CI, n = 3), p = 0.074');
  });

  it("compares each run's BiSAM-adversary flips with its CE-adversary flips at the same weights", () => {
    // Q_log − CE differences 2, 4, 1: mean 2.33, t = 2.6458, p = 1 − t/√(t² + 2) = 0.118, half-width 3.79.
    const samLine = pairReport(result).find((l) => l.startsWith('  sam: '));
    expect(samLine).toContain('Q_log − CE: +2.33 ± 3.79 (95% CI, n = 3), p = 0.118');
  });

  it('reports only the pairs asked for', () => {
    const lines = pairReport(result, [['sgd', 'sam']]);
    expect(lines).toContain('sgd − sam (paired by seed)');
    expect(lines).not.toContain('sam − sgd (paired by seed)');
  });
});
