/**
 * The robust evaluation in the experiment config (ALGORITHMS.md, "Robustness"): on when present.
 * ε in grey levels (8 means 8/255 on the [0, 1] pixel scale), σ on the [0, 1] scale, as papers say them.
 */
import { z } from 'zod';
import { listKnob, numberKnob } from '../methods/common/knobs';
import { listKnobSchema, numberKnobSchema, schemaProblem } from './knobSchema';
import { quote } from './quote';

export const ROBUST_ATTACKS = ['fgsm', 'pgd', 'noise'] as const;
export type RobustAttack = (typeof ROBUST_ATTACKS)[number];

export const ROBUST_LABELS: Record<RobustAttack, string> = {
  fgsm: 'FGSM',
  pgd: 'PGD',
  noise: 'Gaussian noise',
};

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

/** The robust settings' labels, docs and ranges: the schema, the form and the link all use these. */
export const ROBUST_KNOBS = {
  /** L∞ radii in grey levels (/255), for FGSM and PGD. */
  eps: listKnob({
    label: 'Radii ε (/255)',
    doc: 'L∞ radii of FGSM and PGD in grey levels: 8 is 8/255 on the [0, 1] pixel scale.',
    min: 0,
    minExclusive: true,
    max: 255,
    maxItems: 8,
    default: [1, 2, 4, 8],
  }),
  /** Gaussian noise standard deviations on the [0, 1] pixel scale. */
  sigmas: listKnob({
    label: 'Noise σ',
    doc: 'Standard deviations of the Gaussian noise on the [0, 1] pixel scale (seeded, the same for every run).',
    min: 0,
    minExclusive: true,
    max: 1,
    maxItems: 8,
    default: [0.05, 0.1, 0.2],
  }),
  /** k of PGD-k. */
  pgdSteps: numberKnob({
    label: 'PGD steps k',
    doc: 'Step size 2.5ε/k, from a seeded random start.',
    min: 1,
    max: 100,
    integer: true,
    default: 10,
  }),
  /** E_r: the first this many test examples are attacked. */
  examples: numberKnob({
    label: 'Attacked test images E_r',
    doc: 'The first n test images.',
    min: 1,
    max: 10_000,
    integer: true,
    default: 500,
  }),
};

export const robustConfigSchema = z.object({
  attacks: z.array(z.enum(ROBUST_ATTACKS)).min(1).max(3).refine(unique, 'each attack once'),
  eps: listKnobSchema(ROBUST_KNOBS.eps),
  pgdSteps: numberKnobSchema(ROBUST_KNOBS.pgdSteps),
  examples: numberKnobSchema(ROBUST_KNOBS.examples),
  sigmas: listKnobSchema(ROBUST_KNOBS.sigmas),
});
export type RobustConfig = z.infer<typeof robustConfigSchema>;

export const DEFAULT_ROBUST: RobustConfig = {
  attacks: ['fgsm', 'pgd', 'noise'],
  eps: [...ROBUST_KNOBS.eps.default],
  pgdSteps: ROBUST_KNOBS.pgdSteps.default,
  examples: ROBUST_KNOBS.examples.default,
  sigmas: [...ROBUST_KNOBS.sigmas.default],
};

const share = z.number().min(0).max(1);

/** One robust evaluation of one replica of a run after `step` steps; accuracies are shares of `examples`. */
export const robustRecordSchema = z
  .object({
    runId: z.string(),
    /** Which seed of the run (0-based, seed = experiment seed + replica); absent means 0. */
    replica: z.number().int().min(0).optional(),
    step: z.number().int().min(0),
    examples: z.number().int().min(1),
    clean: share,
    /** The radii (grey levels) and standard deviations the lists below follow. */
    eps: z.array(z.number()),
    sigmas: z.array(z.number()),
    pgdSteps: z.number().int().min(1),
    /** Per ε; empty when the attack was not run. */
    fgsm: z.array(share),
    pgd: z.array(share),
    /** Per σ; empty when not run. */
    noise: z.array(share),
    /** Input-gradient passes over the examples: 1 for FGSM (every ε) plus k per ε for PGD. */
    gradientEvaluations: z.number().min(0),
    /** Time spent on this run's slices (and its share of the readback), ms. */
    ms: z.number().min(0),
  })
  .superRefine((record, context) => {
    for (const [list, against] of [
      ['fgsm', 'eps'],
      ['pgd', 'eps'],
      ['noise', 'sigmas'],
    ] as const) {
      const length = record[list].length;
      if (length !== 0 && length !== record[against].length)
        context.addIssue({
          code: 'custom',
          path: [list],
          message: `${length} accuracies for ${record[against].length} values of ${against}`,
        });
    }
  });
export type RobustRecord = z.infer<typeof robustRecordSchema>;

/** Input-gradient passes over the E_r examples per run: FGSM's one serves every ε; PGD takes k per ε. */
export function gradientPassesPerRun({
  attacks,
  eps,
  pgdSteps,
}: Pick<RobustConfig, 'attacks' | 'eps' | 'pgdSteps'>): number {
  return (attacks.includes('fgsm') ? 1 : 0) + (attacks.includes('pgd') ? pgdSteps * eps.length : 0);
}

export { parseNumberList } from './knobText';

/** Comma-separated attack names; a problem naming `field` for an unknown one. */
export function parseAttackList(text: string, field: string): RobustAttack[] | string {
  const names = text.split(',').map((name) => name.trim());
  const bad = names.find((name) => !(ROBUST_ATTACKS as readonly string[]).includes(name));
  return bad === undefined
    ? (names as RobustAttack[])
    : `${field}: unknown attack ${quote(bad)} (one of ${ROBUST_ATTACKS.join(', ')})`;
}

/** The first problem of a robust config, as `field: message`, or undefined when it is valid. */
export const robustProblem = (config: unknown): string | undefined =>
  schemaProblem('robust', robustConfigSchema, config);
