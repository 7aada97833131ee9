/**
 * The charts the page draws, in reading order: what each plots and one line on how to read it. The
 * shared metrics' charts are listed here; a method's own metrics bring theirs from its meta.ts.
 */
import type { StepMetricName } from '../../config/metrics';
import type { MetricMeta } from '../../methods/common/meta';
import { OPTIMIZER_INFO } from '../../methods/metas';

export type ChartSource =
  | { readonly kind: 'step'; readonly metric: StepMetricName }
  | { readonly kind: 'evaluation'; readonly key: EvaluationKey };

/** Evaluation numbers a chart can plot; the memorisation pair exists only under label noise. */
export type EvaluationKey = 'testLoss' | 'testAccuracy' | 'noisyTrueAccuracy' | 'noisyLabelAccuracy';

export interface ChartDef {
  readonly id: string;
  readonly title: string;
  /** Shown under the title: how to read the chart. */
  readonly hint: string;
  readonly source: ChartSource;
  /** Step functions (lr, ρ) are drawn as they are, never smoothed. */
  readonly smooth: boolean;
  /** Off until chosen under "More charts": diagnostics most comparisons do not need. */
  readonly extra?: boolean;
  /** Shown only when the experiment has label noise (the memorisation metrics). */
  readonly labelNoiseOnly?: boolean;
}

const step = (metric: StepMetricName): ChartSource => ({ kind: 'step', metric });

const SHARED_CHARTS: readonly ChartDef[] = [
  {
    id: 'loss',
    title: 'Training loss L(w)',
    hint: 'Cross-entropy per batch at the weights w.',
    source: step('loss'),
    smooth: true,
  },
  {
    id: 'testAccuracy',
    title: 'Test accuracy',
    hint: 'Every evaluation, on the first test images.',
    source: { kind: 'evaluation', key: 'testAccuracy' },
    smooth: false,
  },
  {
    id: 'noisyTrueAccuracy',
    title: 'Noisy examples: accuracy vs true labels',
    hint: 'Training images whose label was corrupted, judged by the true label: high = robust.',
    source: { kind: 'evaluation', key: 'noisyTrueAccuracy' },
    smooth: false,
    labelNoiseOnly: true,
  },
  {
    id: 'noisyLabelAccuracy',
    title: 'Noisy examples: accuracy vs noisy labels',
    hint: 'The same images judged by their wrong label: rising = memorising the noise.',
    source: { kind: 'evaluation', key: 'noisyLabelAccuracy' },
    smooth: false,
    labelNoiseOnly: true,
  },
  {
    id: 'sharpness',
    title: 'Sharpness L(w+e) − L(w)',
    hint: 'What the perturbation e adds to the loss.',
    source: step('sharpness'),
    smooth: true,
  },
  {
    id: 'testLoss',
    title: 'Test loss',
    hint: 'Cross-entropy on the test images.',
    source: { kind: 'evaluation', key: 'testLoss' },
    smooth: false,
  },
  {
    id: 'accuracy',
    title: 'Train accuracy',
    hint: 'Per batch, at the weights w.',
    source: step('accuracy'),
    smooth: true,
  },
  {
    id: 'flipRate',
    title: 'Flip rate under e',
    hint: 'Share of the batch right at w, wrong at w+e.',
    source: step('flipRate'),
    smooth: true,
  },
  {
    id: 'ascentGradNorm',
    title: 'Ascent gradient norm ‖g_a‖',
    hint: 'Sets e: ∇L for SAM, ∇Q for BiSAM.',
    source: step('ascentGradNorm'),
    smooth: true,
  },
  {
    id: 'lr',
    title: 'Learning rate η',
    hint: 'In force, after the schedule.',
    source: step('lr'),
    smooth: false,
  },
  {
    id: 'rho',
    title: 'Radius ρ',
    hint: 'Perturbation radius in force.',
    source: step('rho'),
    smooth: false,
  },
  {
    id: 'perturbedLoss',
    title: 'Perturbed loss L(w+e)',
    hint: 'Cross-entropy per batch at the perturbed weights.',
    source: step('perturbedLoss'),
    smooth: true,
    extra: true,
  },
  {
    id: 'errorRateChange',
    title: '0-1 sharpness',
    hint: 'Error rate at w+e minus error rate at w.',
    source: step('errorRateChange'),
    smooth: true,
    extra: true,
  },
  {
    id: 'perturbationNorm',
    title: 'Perturbation norm ‖e‖',
    hint: 'ρ for SAM and BiSAM unless g_a = 0.',
    source: step('perturbationNorm'),
    smooth: true,
    extra: true,
  },
  {
    id: 'gradCosine',
    title: 'cos(g_a, ∇L(w+e))',
    hint: 'Agreement of the ascent gradient with the update gradient.',
    source: step('gradCosine'),
    smooth: true,
    extra: true,
  },
  {
    id: 'maskSparsity',
    title: 'Mask sparsity',
    hint: 'SSAM: weights its mask leaves out; ESAM: weights skipped.',
    source: step('maskSparsity'),
    smooth: false,
    extra: true,
  },
];

/** Each method metric with a chart, once (the two BiSAMs share `bisamQ`), under "More charts". */
const METHOD_CHARTS: ChartDef[] = [
  ...new Map(
    Object.values(OPTIMIZER_INFO).flatMap((meta) =>
      Object.entries(meta.metrics as Record<string, MetricMeta>).flatMap(([metric, { chart }]) =>
        chart
          ? [[metric, { id: metric, ...chart, source: step(metric as StepMetricName), extra: true }] as const]
          : [],
      ),
    ),
  ).values(),
];

export const CHARTS: readonly ChartDef[] = [...SHARED_CHARTS, ...METHOD_CHARTS];
