/**
 * The robust evaluation in the experiment config (ALGORITHMS.md, "Robustness"): on when present.
 * ε in grey levels (8 means 8/255 on the [0, 1] pixel scale), σ on the [0, 1] scale, as papers say them.
 */
import { z } from 'zod';
import { quote } from './quote';

export const ROBUST_ATTACKS = ['fgsm', 'pgd', 'noise'] as const;
export type RobustAttack = (typeof ROBUST_ATTACKS)[number];

export const ROBUST_LABELS: Record<RobustAttack, string> = {
  fgsm: 'FGSM',
  pgd: 'PGD',
  noise: 'Gaussian noise',
};

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

export const robustConfigSchema = z.object({
  attacks: z.array(z.enum(ROBUST_ATTACKS)).min(1).max(3).refine(unique, 'each attack once'),
  /** L∞ radii in grey levels (/255), for FGSM and PGD. */
  eps: z.array(z.number().gt(0).max(255)).min(1).max(8).refine(unique, 'each ε once'),
  /** k of PGD-k. */
  pgdSteps: z.number().int().min(1).max(100),
  /** E_r: the first this many test examples are attacked. */
  examples: z.number().int().min(1).max(10_000),
  /** Gaussian noise standard deviations on the [0, 1] pixel scale. */
  sigmas: z.array(z.number().gt(0).max(1)).min(1).max(8).refine(unique, 'each σ once'),
});
export type RobustConfig = z.infer<typeof robustConfigSchema>;

export const DEFAULT_ROBUST: RobustConfig = {
  attacks: ['fgsm', 'pgd', 'noise'],
  eps: [1, 2, 4, 8],
  pgdSteps: 10,
  examples: 500,
  sigmas: [0.05, 0.1, 0.2],
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

/** Comma-separated numbers ("1,2,4,8"); a problem naming `field` when one is not a number. */
export function parseNumberList(text: string, field: string): number[] | string {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => (part === '' ? Number.NaN : Number(part)));
  const bad = parts.find((_, i) => !Number.isFinite(numbers[i]));
  return bad === undefined ? numbers : `${field}: ${quote(bad)} is not a number`;
}

/** Comma-separated attack names; a problem naming `field` for an unknown one. */
export function parseAttackList(text: string, field: string): RobustAttack[] | string {
  const names = text.split(',').map((name) => name.trim());
  const bad = names.find((name) => !(ROBUST_ATTACKS as readonly string[]).includes(name));
  return bad === undefined
    ? (names as RobustAttack[])
    : `${field}: unknown attack ${quote(bad)} (one of ${ROBUST_ATTACKS.join(', ')})`;
}

/** The first problem of a robust config, as `field: message`, or undefined when it is valid. */
export function robustProblem(config: unknown): string | undefined {
  const parsed = robustConfigSchema.safeParse(config);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `robust.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
}
