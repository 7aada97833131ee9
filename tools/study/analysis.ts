/**
 * Replicas → the numbers a report states: each metric's mean ± std over seeds per method and regime,
 * each hypothesis's paired test, and the verdict. The verdict rule is fixed here, not per study:
 * every hypothesis significant (paired t-test, 5%) in the predicted direction → reproduced; any one
 * significant against it → not reproduced; anything else → inconclusive at this scale.
 */
import { comparePaired, type PairedComparison, SIGNIFICANCE_LEVEL } from '../../src/stats/compare';
import { type SeedSummary, summarizeSeeds } from '../../src/stats/describe';
import type { Hypothesis, Study } from './definition';
import type { ReplicaResult } from './replica';

export type Outcome = 'supported' | 'contradicted' | 'inconclusive';
export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive at this scale';

export interface HypothesisResult {
  readonly hypothesis: Hypothesis;
  readonly a: SeedSummary;
  readonly b: SeedSummary;
  readonly comparison: PairedComparison;
  readonly outcome: Outcome;
}

/** Replicas of a regime in seed order, so index k pairs seed k across methods. */
export function regimeReplicas(replicas: readonly ReplicaResult[], regime: string): ReplicaResult[] {
  return replicas.filter((r) => r.regime === regime).sort((x, y) => x.seed - y.seed);
}

/** One value per seed (NaN where the replica lacks it: a diverged run, or a metric not measured). */
export function seedValues(replicas: readonly ReplicaResult[], method: string, metric: string): number[] {
  return replicas.map((r) => r.finals[method]?.[metric] ?? Number.NaN);
}

export function testHypothesis(hypothesis: Hypothesis, replicas: readonly ReplicaResult[]): HypothesisResult {
  const inRegime = regimeReplicas(replicas, hypothesis.regime);
  const a = seedValues(inRegime, hypothesis.a.method, hypothesis.a.metric);
  const b = seedValues(inRegime, hypothesis.b.method, hypothesis.b.metric);
  const comparison = comparePaired(a, b);
  const { p, meanDifference } = comparison.tTest;
  const predicted = hypothesis.expect === 'higher' ? meanDifference > 0 : meanDifference < 0;
  const significant = Number.isFinite(p) && p < SIGNIFICANCE_LEVEL;
  const outcome: Outcome = !significant ? 'inconclusive' : predicted ? 'supported' : 'contradicted';
  return { hypothesis, a: summarizeSeeds(a), b: summarizeSeeds(b), comparison, outcome };
}

export function verdictOf(results: readonly HypothesisResult[]): Verdict {
  if (results.some((r) => r.outcome === 'contradicted')) return 'not reproduced';
  if (results.length > 0 && results.every((r) => r.outcome === 'supported')) return 'reproduced';
  return 'inconclusive at this scale';
}

/** Every final metric any replica of the regime reports, in first-seen order. */
export function metricNames(replicas: readonly ReplicaResult[]): string[] {
  const names = new Set<string>();
  for (const r of replicas)
    for (const finals of Object.values(r.finals)) for (const k of Object.keys(finals)) names.add(k);
  return [...names];
}

export interface StudyAnalysis {
  /** summaries[regime][method][metric] over seeds. */
  readonly summaries: Record<string, Record<string, Record<string, SeedSummary>>>;
  readonly hypotheses: HypothesisResult[];
  readonly verdict: Verdict;
}

export function analyseStudy(study: Study, replicas: readonly ReplicaResult[]): StudyAnalysis {
  const summaries: StudyAnalysis['summaries'] = {};
  for (const regime of study.regimes) {
    const inRegime = regimeReplicas(replicas, regime.id);
    const byMethod: Record<string, Record<string, SeedSummary>> = {};
    for (const method of study.methods) {
      byMethod[method] = Object.fromEntries(
        metricNames(inRegime).map((metric) => [metric, summarizeSeeds(seedValues(inRegime, method, metric))]),
      );
    }
    summaries[regime.id] = byMethod;
  }
  const hypotheses = study.hypotheses.map((h) => testHypothesis(h, replicas));
  return { summaries, hypotheses, verdict: verdictOf(hypotheses) };
}
