import { describe, expect, it } from 'vitest';
import { type HypothesisResult, testHypothesis, verdictOf } from './analysis';
import type { Hypothesis } from './definition';
import type { ReplicaResult } from './replica';

const hypothesis: Hypothesis = {
  statement: 'b beats a',
  regime: 'clean',
  a: { method: 'bisam', metric: 'testAccuracy' },
  b: { method: 'sam', metric: 'testAccuracy' },
  expect: 'higher',
};

/** Replicas where bisam's accuracy is sam's plus `gap` (with a little seed-to-seed wobble). */
function replicas(gap: number): ReplicaResult[] {
  return [0.8, 0.82, 0.79, 0.81].map((sam, k) => ({
    regime: 'clean',
    seed: k + 1,
    finals: { sam: { testAccuracy: sam }, bisam: { testAccuracy: sam + gap + 0.001 * (k % 2) } },
    curves: {},
    ms: 0,
  }));
}

const withOutcome = (outcome: HypothesisResult['outcome']) => ({ outcome }) as HypothesisResult;

describe('study analysis', () => {
  it('supports a hypothesis whose paired difference is significant in the predicted direction', () => {
    expect(testHypothesis(hypothesis, replicas(0.02)).outcome).toBe('supported');
  });

  it('contradicts a hypothesis whose paired difference is significant against the prediction', () => {
    expect(testHypothesis(hypothesis, replicas(-0.02)).outcome).toBe('contradicted');
  });

  it('calls a difference lost in the seed-to-seed noise inconclusive', () => {
    const noisy = replicas(0).map((r, k) => ({
      ...r,
      finals: {
        ...r.finals,
        bisam: { testAccuracy: (r.finals.sam?.testAccuracy ?? 0) + (k % 2 ? 0.01 : -0.012) },
      },
    }));
    expect(testHypothesis(hypothesis, noisy).outcome).toBe('inconclusive');
  });

  it('reproduces only when every hypothesis is supported, and fails on any contradiction', () => {
    expect(verdictOf([withOutcome('supported'), withOutcome('supported')])).toBe('reproduced');
    expect(verdictOf([withOutcome('supported'), withOutcome('inconclusive')])).toBe(
      'inconclusive at this scale',
    );
    expect(verdictOf([withOutcome('supported'), withOutcome('contradicted')])).toBe('not reproduced');
  });
});
