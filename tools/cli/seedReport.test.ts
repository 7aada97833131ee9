import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../src/config/model';
import { DEFAULT_HYPERPARAMS } from '../../src/config/optimizers';
import type { ProbeRecord } from '../../src/config/probes';
import type { RobustRecord } from '../../src/config/robust';
import { syntheticDataset } from '../../src/engine/data/synthetic';
import { Session } from '../../src/engine/session/session';
import { probeSeedTable } from './probeReport';
import { robustSeedTable } from './robustReport';
import { groupRuns } from './runGroups';

const layers: LayerSpec[] = [{ type: 'flatten' }, { type: 'dense', units: 4, activation: 'linear' }];

/** Two runs × two seeds, as the CLI groups a real session's replicas. */
function withGroups(check: (groups: ReturnType<typeof groupRuns>) => void): void {
  const session = new Session({
    dataset: syntheticDataset({ trainCount: 32, testCount: 8 }),
    layers,
    batchSize: 8,
    seed: 1,
    seeds: 2,
    totalSteps: 10,
    evalExamples: 8,
    runs: ['sgd', 'sam'].map((id) => ({
      id,
      name: id,
      optimizer: 'sgd' as const,
      hparams: DEFAULT_HYPERPARAMS,
    })),
  });
  check(groupRuns(session.runList));
  session.dispose();
}

const robust = (runId: string, replica: number, clean: number): RobustRecord => ({
  runId,
  replica,
  step: 50,
  examples: 100,
  clean,
  eps: [8],
  sigmas: [],
  pgdSteps: 2,
  fgsm: [clean / 2],
  pgd: [],
  noise: [],
  gradientEvaluations: 1,
  ms: 500,
});

const lambda = (runId: string, replica: number, step: number, lambdaMax: number): ProbeRecord => ({
  kind: 'hessian',
  runId,
  replica,
  step,
  spend: { gradientEvaluations: 4, forwardEvaluations: 0, ms: 1 },
  result: { lambdaMax, perIteration: [lambdaMax] },
});

describe('CLI tables over seeds', () => {
  it('report robust accuracy as mean ± std per run and the paired test against the baseline', () => {
    const records = [
      robust('sgd', 0, 0.5),
      robust('sgd', 1, 0.7),
      robust('sam', 0, 0.6),
      robust('sam', 1, 0.9),
    ];
    withGroups((groups) => {
      const text = robustSeedTable(records, groups, 'sgd', '1–2');
      expect(text).toMatch(/^sgd {2}60\.00 ± 14\.14 /m);
      expect(text).toMatch(/^sam {2}75\.00 ± 21\.21 /m);
      // Differences 0.1 and 0.2: mean 15 pts, t = 3 on 1 df (p = 0.2048, scipy.stats.ttest_rel), CI 12.706 × 5.
      expect(text).toContain(
        'clean %   sam − sgd: +15.00 ± 63.53 pts (95% CI, n = 2), p = 0.2, not significant at 5%',
      );
      expect(text).toContain('over 4 replicas: 4 input-gradient passes, 2.0 s');
    });
  });

  it("compare each run's latest probe of every seed, pairing replica k with the baseline's", () => {
    const records = [
      lambda('sgd', 0, 10, 99),
      lambda('sgd', 0, 20, 4),
      lambda('sgd', 1, 20, 6),
      lambda('sam', 0, 20, 3),
      lambda('sam', 1, 20, 4),
    ];
    withGroups((groups) => {
      const text = probeSeedTable(records, groups, 'sgd', '1–2');
      expect(text).toMatch(/^sgd {2}5\.000 ± 1\.414 /m);
      expect(text).toMatch(/^sam {2}3\.500 ± 0\.7071 /m);
      expect(text).toContain('λ_max  sam − sgd: −1.500 ± 6.353 (95% CI, n = 2), p = 0.2,');
    });
  });
});
