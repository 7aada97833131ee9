/**
 * REPORT.md and its SVG figures from a study's replicas: the claim, the setting, the numbers with
 * spread and p-values, the figures, and the verdict the fixed rule gives (analysis.ts).
 */
import { formatP } from '../../src/stats/compare';
import type { SeedSummary } from '../../src/stats/describe';
import { type HypothesisResult, regimeReplicas, type StudyAnalysis } from './analysis';
import type { Study } from './definition';
import type { ReplicaResult } from './replica';
import { type BandSeries, bandChart, barChart } from './svg';

export interface Provenance {
  readonly command: string;
  readonly commit: string;
  readonly date: string;
  /** Set when the study ran smaller than its definition (--quick, or a reduced run): said up front. */
  readonly sizeNote?: string;
}

/** Metrics shown in the tables, in this order, when measured. */
const TABLE_METRICS = [
  'testAccuracy',
  'flipRate',
  'ce.flips',
  'qTanh.flips',
  'qLog.flips',
  'lambdaMax',
  'trace',
];

const num = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '—');
const spread = (s: SeedSummary | undefined) =>
  !s || s.n === 0
    ? '—'
    : `${num(s.mean)} ± ${num(s.std, 2)}${s.excluded > 0 ? ` (${s.excluded} diverged)` : ''}`;

function shownMetrics(analysis: StudyAnalysis, regime: string): string[] {
  const measured = Object.keys(Object.values(analysis.summaries[regime] ?? {})[0] ?? {});
  const robust = measured.filter((m) => /^(fgsm|pgd)@/.test(m));
  return [...TABLE_METRICS.filter((m) => measured.includes(m)), ...robust];
}

function resultsTable(study: Study, analysis: StudyAnalysis, regime: string): string {
  const metrics = shownMetrics(analysis, regime);
  const head = `| method | ${metrics.join(' | ')} |\n|---|${metrics.map(() => '---').join('|')}|`;
  const rows = study.methods.map(
    (method) =>
      `| ${method} | ${metrics.map((m) => spread(analysis.summaries[regime]?.[method]?.[m])).join(' | ')} |`,
  );
  return [head, ...rows].join('\n');
}

function hypothesisRow(result: HypothesisResult): string {
  const { hypothesis: h, comparison, outcome } = result;
  const t = comparison.tTest;
  const ci = Number.isFinite(t.ciHalfWidth) ? ` ± ${num(t.ciHalfWidth, 2)}` : '';
  const wilcoxon = comparison.wilcoxon ? `, Wilcoxon p ${formatP(comparison.wilcoxon.p)}` : '';
  return `| ${h.statement} | ${h.regime} | ${spread(result.a)} | ${spread(result.b)} | ${num(t.meanDifference)}${ci} (n = ${t.n}) | ${formatP(t.p)}${wilcoxon} | ${h.expect} | **${outcome}** |`;
}

/** Mean ± std over seeds of each method's curve (seeds share their step grid). */
export function curveSeries(
  study: Study,
  replicas: readonly ReplicaResult[],
  regime: string,
  metric: string,
): BandSeries[] {
  const inRegime = regimeReplicas(replicas, regime);
  return study.methods.flatMap((method) => {
    const curves = inRegime.map((r) => r.curves[method]?.[metric]).filter((c) => c && c.steps.length > 0);
    const first = curves[0];
    if (!first) return [];
    const mean: number[] = [];
    const sd: number[] = [];
    first.steps.forEach((_, i) => {
      const values = curves.map((c) => c?.values[i] ?? Number.NaN).filter(Number.isFinite);
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      mean.push(values.length > 0 ? m : Number.NaN);
      sd.push(
        values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1)) : 0,
      );
    });
    return [{ label: method, x: first.steps, mean, spread: sd }];
  });
}

/** The figures as file name → SVG text. */
export function figures(
  study: Study,
  replicas: readonly ReplicaResult[],
  analysis: StudyAnalysis,
): Map<string, string> {
  const out = new Map<string, string>();
  study.figures.forEach((figure, i) => {
    const name = `figure-${i + 1}-${figure.metric.replace(/[^a-zA-Z0-9]+/g, '-')}-${figure.regime}.svg`;
    if (figure.kind === 'curve') {
      const series = curveSeries(study, replicas, figure.regime, figure.metric);
      out.set(name, bandChart(figure.title, 'step', `${figure.metric} (mean ± std over seeds)`, series));
    } else {
      const bars = study.methods.map((method) => {
        const s = analysis.summaries[figure.regime]?.[method]?.[figure.metric];
        return { label: method, mean: s?.mean ?? Number.NaN, spread: s?.std ?? Number.NaN };
      });
      out.set(name, barChart(figure.title, `${figure.metric} (mean ± std over seeds)`, bars));
    }
  });
  return out;
}

export function reportMarkdown(
  study: Study,
  analysis: StudyAnalysis,
  figureNames: readonly string[],
  provenance: Provenance,
): string {
  const setting = [
    `- Data: ${study.dataset}; model: ${study.model}; batch ${study.batch}; ${study.steps} steps; test accuracy on the first ${study.evalExamples} test examples.`,
    `- Methods: ${study.methods.join(', ')}; hyperparameters: ${study.set.length > 0 ? study.set.map((s) => `\`${s}\``).join(', ') : 'the defaults'}.`,
    `- Seeds: ${study.seeds} (${study.firstSeed}…${study.firstSeed + study.seeds - 1}); every method of a seed starts from the same weights and sees the same batches, so differences are paired by seed.`,
    `- Regimes: ${study.regimes.map((r) => `${r.id} (${r.label}${r.subset ? `, ${r.subset} training examples` : ''})`).join('; ')}.`,
    ...(study.probes?.kinds?.length
      ? [
          `- Probes at the end: ${study.probes.kinds.join(', ')} (probe batch ${study.probes.size ?? 512}, ρ ${study.probes.rho ?? 0.05}).`,
        ]
      : []),
    ...(study.robust
      ? [
          `- Robustness at the end: ${(study.robust.attacks ?? []).join(', ')} at ε ${(study.robust.eps ?? []).join(', ')} /255 on ${study.robust.examples ?? 500} test examples.`,
        ]
      : []),
  ];
  return [
    `# ${study.title}`,
    '',
    `**Verdict: ${analysis.verdict}.**${provenance.sizeNote ? ` (${provenance.sizeNote})` : ''}`,
    '',
    '## Claim',
    '',
    study.claim,
    '',
    '## Setting',
    '',
    ...setting,
    '',
    '## Hypotheses (written in the study file before the run)',
    '',
    '| hypothesis | regime | a (mean ± std) | b (mean ± std) | a − b (95% CI) | paired t-test p | predicted | outcome |',
    '|---|---|---|---|---|---|---|---|',
    ...analysis.hypotheses.map(hypothesisRow),
    '',
    'Rule (fixed in tools/study/analysis.ts, the same for every study): reproduced when every hypothesis is significant at 5% in the predicted direction; not reproduced when any is significant against it; otherwise inconclusive at this scale.',
    '',
    '## Results (mean ± std over seeds)',
    '',
    ...study.regimes.flatMap((r) => [`### ${r.label}`, '', resultsTable(study, analysis, r.id), '']),
    "flipRate: share of each batch right at w and wrong at the method's own perturbed weights w+e, averaged over training (SGD measures none). ce/qTanh/qLog.flips: probe examples flipped by SAM's (CE) and BiSAM's (Q_tanh, Q_log) adversaries at the same ρ from the same final weights. fgsm/pgd@ε: accuracy under attack.",
    '',
    '## Figures',
    '',
    ...figureNames.map((name) => `![${name}](${name})\n`),
    '## Provenance',
    '',
    `- Command: \`${provenance.command}\``,
    `- Commit: ${provenance.commit}`,
    `- Finished: ${provenance.date}`,
    '- Every number above is in `results.json` beside this file (per seed, per method).',
    '',
  ].join('\n');
}
