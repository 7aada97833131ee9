/**
 * A study as a user writes it (studies/<name>/study.ts exports one with `defineStudy`): what is
 * trained, over which seeds and data regimes, what is measured, and the hypotheses the verdict is
 * read from. The hypotheses are part of the file, written before the run, so a verdict can never be
 * tuned after the fact. Validated with zod: a bad field is reported by name, never a crash.
 */
import { z } from 'zod';
import { LABEL_NOISE_KINDS } from '../../src/config/datasets';
import { MODEL_PRESET_NAMES } from '../../src/config/model';
import { probeConfigSchema } from '../../src/config/probes';
import { robustConfigSchema } from '../../src/config/robust';

export const STUDY_DATASETS = ['fashion-mnist', 'synthetic'] as const;

const regimeSchema = z.object({
  /** Short id used in file names and tables, e.g. "clean" or "noise40". */
  id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  label: z.string().min(1),
  /** Class-balanced training subset; all examples when absent. */
  subset: z.number().int().min(10).optional(),
  labelNoise: z.object({ kind: z.enum(LABEL_NOISE_KINDS), rate: z.number().min(0).lt(1) }).optional(),
});

/** One side of a hypothesis: a method's value of a metric. */
const sideSchema = z.object({ method: z.string(), metric: z.string() });

const hypothesisSchema = z.object({
  /** The sentence it tests, shown in the report. */
  statement: z.string().min(1),
  regime: z.string(),
  a: sideSchema,
  b: sideSchema,
  /** What the claim predicts: a's value higher or lower than b's (paired over seeds). */
  expect: z.enum(['higher', 'lower']),
});

const figureSchema = z.object({
  kind: z.enum(['curve', 'bars']),
  /** A curve metric (flipRate, testAccuracy, ...) or, for bars, a final metric. */
  metric: z.string(),
  regime: z.string(),
  title: z.string(),
});

/** What `--quick` changes: tiny step counts and sizes, the same structure. */
const quickSchema = z.object({
  steps: z.number().int().min(1),
  seeds: z.number().int().min(1).max(10),
  evalExamples: z.number().int().min(1),
  /** Training subset for every regime (keeps data loading and probes cheap). */
  subset: z.number().int().min(10).optional(),
  probeSize: z.number().int().min(1).optional(),
  probeIterations: z.number().int().min(1).optional(),
  traceSamples: z.number().int().min(2).optional(),
  robustExamples: z.number().int().min(1).optional(),
  pgdSteps: z.number().int().min(1).optional(),
});

export const studySchema = z.object({
  title: z.string().min(1),
  claim: z.string().min(1),
  dataset: z.enum(STUDY_DATASETS),
  model: z.enum(MODEL_PRESET_NAMES),
  /** Optimizer tokens as `npm run train -- --optimizers` takes them. */
  methods: z.array(z.string()).min(1),
  /** `[RUN.]KEY=VALUE` hyperparameters as `npm run train -- --set` takes them. */
  set: z.array(z.string()).default([]),
  steps: z.number().int().min(1),
  batch: z.number().int().min(1).max(1024),
  seeds: z.number().int().min(1).max(10),
  firstSeed: z.number().int().min(0).default(1),
  evalEvery: z.number().int().min(1),
  evalExamples: z.number().int().min(1).max(10_000),
  regimes: z.array(regimeSchema).min(1),
  /** Probes at the end of training (kinds among hessian, trace, common); none when absent. */
  probes: probeConfigSchema.partial().optional(),
  /** FGSM/PGD/noise accuracy at the end of training; none when absent. */
  robust: robustConfigSchema.partial().optional(),
  hypotheses: z.array(hypothesisSchema).min(1),
  figures: z.array(figureSchema).default([]),
  quick: quickSchema,
});

export type StudyInput = z.input<typeof studySchema>;
export type Study = z.infer<typeof studySchema>;
export type Regime = Study['regimes'][number];
export type Hypothesis = Study['hypotheses'][number];

/** Identity with types: lets a study file be checked by the editor as it is written. */
export function defineStudy(study: StudyInput): StudyInput {
  return study;
}

/** The validated study, or every problem with its field path. */
export function parseStudy(raw: unknown): { ok: true; study: Study } | { ok: false; errors: string[] } {
  const parsed = studySchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(study)'}: ${i.message}`),
    };
  }
  const study = parsed.data;
  const errors: string[] = [];
  const regimeIds = study.regimes.map((r) => r.id);
  const known = (id: string, where: string) => {
    if (!regimeIds.includes(id))
      errors.push(`${where}: unknown regime "${id}" (known: ${regimeIds.join(', ')})`);
  };
  for (const [i, h] of study.hypotheses.entries()) {
    known(h.regime, `hypotheses.${i}.regime`);
    for (const side of ['a', 'b'] as const)
      if (!study.methods.includes(h[side].method))
        errors.push(`hypotheses.${i}.${side}.method: "${h[side].method}" is not in methods`);
  }
  for (const [i, f] of study.figures.entries()) known(f.regime, `figures.${i}.regime`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, study };
}

/** The entries whose value is given. */
function given<T extends Record<string, number | undefined>>(values: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, number>
  >;
}

/** The study as `--quick` runs it: same methods, regimes and hypotheses, tiny sizes. */
export function quickVersion(study: Study): Study {
  const { quick } = study;
  return {
    ...study,
    steps: quick.steps,
    seeds: quick.seeds,
    evalEvery: quick.steps,
    evalExamples: quick.evalExamples,
    regimes: study.regimes.map((r) => (quick.subset === undefined ? r : { ...r, subset: quick.subset })),
    ...(study.probes
      ? {
          probes: {
            ...study.probes,
            ...given({
              size: quick.probeSize,
              iterations: quick.probeIterations,
              traceSamples: quick.traceSamples,
            }),
          },
        }
      : {}),
    ...(study.robust
      ? {
          robust: { ...study.robust, ...given({ examples: quick.robustExamples, pgdSteps: quick.pgdSteps }) },
        }
      : {}),
  };
}
