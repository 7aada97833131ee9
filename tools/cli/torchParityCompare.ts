/**
 * Compares an engine parity result (float32 arithmetic) with the PyTorch reference's (float64): the
 * per-step metrics and the final weights, elementwise within |a - b| ≤ atol + rtol·|b|.
 */
import type { ParityResult } from './parityCase';

export interface Tolerance {
  atol: number;
  rtol: number;
}

/**
 * float32 engine vs float64 PyTorch after 5 steps on the cases of torchParityCases.ts: the measured
 * differences are at most 2e-7 on the cpu and wasm backends, about 10× below this. A 1% error in ρ
 * moves the final weights by 2e-4 or more, a 0.1% error in the learning rate by 9e-5 or more.
 */
export const TORCH_TOLERANCE: Tolerance = { atol: 2e-6, rtol: 1e-5 };

export interface ParityDiff {
  /** |Δloss| at each step. */
  lossAbs: number[];
  /** max over steps of |Δloss| / |loss|. */
  lossRel: number;
  /** The worst other per-step metric (perturbedLoss, q …): its name and max |Δ|. */
  worstMetric: { name: string; abs: number };
  /** Final weights: max |Δw|, and max |Δw| / max |w| over all tensors. */
  weightsAbs: number;
  weightsRel: number;
  /** What is beyond the tolerance or missing (empty when the results agree). */
  failures: string[];
}

export function compareParity(engine: ParityResult, reference: ParityResult, tol: Tolerance): ParityDiff {
  const failures: string[] = [];
  const check = (where: string, a: number | undefined, b: number | undefined): number => {
    if (a === undefined || b === undefined) {
      failures.push(`${where}: ${a === undefined ? 'missing in the engine' : 'missing in PyTorch'}`);
      return Number.NaN;
    }
    const diff = Math.abs(a - b);
    if (!(diff <= tol.atol + tol.rtol * Math.abs(b))) failures.push(`${where}: engine ${a}, PyTorch ${b}`);
    return diff;
  };

  if (engine.steps.length !== reference.steps.length)
    failures.push(`steps: engine ${engine.steps.length}, PyTorch ${reference.steps.length}`);
  const lossAbs: number[] = [];
  let lossRel = 0;
  const worstMetric = { name: '-', abs: 0 };
  reference.steps.forEach((ref, i) => {
    const row = engine.steps[i] ?? {};
    const keys = new Set([...Object.keys(ref), ...Object.keys(row)]) as Set<keyof typeof ref>;
    for (const key of keys) {
      const diff = check(`steps[${i}].${key}`, row[key], ref[key]);
      if (key === 'loss') {
        lossAbs.push(diff);
        lossRel = Math.max(lossRel, diff / Math.abs(ref.loss ?? Number.NaN));
      } else if (diff > worstMetric.abs) Object.assign(worstMetric, { name: key, abs: diff });
    }
  });

  let weightsAbs = 0;
  let weightScale = 0;
  if (engine.params.length !== reference.params.length)
    failures.push(`params: engine ${engine.params.length} tensors, PyTorch ${reference.params.length}`);
  reference.params.forEach((ref, i) => {
    const mine = engine.params[i];
    if (mine?.shape.join(',') !== ref.shape.join(',')) {
      failures.push(`params[${i}].shape: engine [${mine?.shape}], PyTorch [${ref.shape}]`);
      return;
    }
    ref.values.forEach((b, j) => {
      weightsAbs = Math.max(weightsAbs, check(`params[${i}][${j}]`, mine.values[j], b));
      weightScale = Math.max(weightScale, Math.abs(b));
    });
  });
  return { lossAbs, lossRel, worstMetric, weightsAbs, weightsRel: weightsAbs / weightScale, failures };
}

const sci = (value: number) => (Number.isFinite(value) ? value.toExponential(1) : String(value));

/** One Markdown row per case: the differences and the verdict. */
export function parityTable(rows: readonly { name: string; diff: ParityDiff }[], tol: Tolerance): string {
  const header = [
    'case',
    'abs Δloss per step',
    'max rel Δloss',
    'worst other metric, abs Δ',
    'max abs Δw',
    'rel Δw',
    `within atol ${tol.atol} + rtol ${tol.rtol}`,
  ];
  const lines = rows.map(({ name, diff }) => [
    name,
    diff.lossAbs.map(sci).join(' '),
    sci(diff.lossRel),
    `${diff.worstMetric.name} ${sci(diff.worstMetric.abs)}`,
    sci(diff.weightsAbs),
    sci(diff.weightsRel),
    diff.failures.length === 0 ? 'yes' : `NO (${diff.failures.length})`,
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
