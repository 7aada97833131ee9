/**
 * Hyperparameters as the config, URL, CLI and UI spell them, built from the methods' metas: the knob
 * table is the shared knobs plus every method's own, and the zod schema (range, default) is derived
 * from that table, so the schema, the forms and the URL codec cannot disagree.
 */
import { z } from 'zod';
import { type BooleanKnob, type Knob, type NumberKnob, SHARED_KNOBS } from '../methods/common/knobs';
import type { UnionToIntersection } from '../methods/common/meta';
import { OPTIMIZER_INFO, type OptimizerName } from '../methods/metas';
import { numberKnobSchema } from './knobSchema';

export const scheduleSchema = z.object({
  kind: z.enum(['constant', 'cosine', 'step']).default('constant'),
  /** Cosine: the learning rate ends at floor·lr. */
  floor: z.number().min(0).max(1).default(0),
  /** Step decay: multiply by `factor` every `every` steps. */
  every: z.number().int().min(1).default(1000),
  factor: z.number().gt(0).max(1).default(0.1),
  /** Linear warm-up from 0 over this many steps. */
  warmupSteps: z.number().int().min(0).default(0),
});
export type Schedule = z.infer<typeof scheduleSchema>;

type OwnKnobs = UnionToIntersection<(typeof OPTIMIZER_INFO)[OptimizerName]['knobs']>;

/** Every knob: the shared ones first, then each method's own in registry order. */
export const HYPERPARAM_KNOBS = Object.assign(
  {},
  SHARED_KNOBS,
  ...Object.values(OPTIMIZER_INFO).map((meta) => meta.knobs),
) as typeof SHARED_KNOBS & OwnKnobs;

export type HyperparamKey = keyof typeof HYPERPARAM_KNOBS;

const numberField = (knob: NumberKnob) => numberKnobSchema(knob).default(knob.default);

const booleanField = (knob: BooleanKnob) => z.boolean().default(knob.default);

type KnobField<K extends Knob> = K extends NumberKnob
  ? ReturnType<typeof numberField>
  : ReturnType<typeof booleanField>;
type KnobFields = { [Key in HyperparamKey]: KnobField<(typeof HYPERPARAM_KNOBS)[Key]> };

const knobFields = Object.fromEntries(
  Object.entries(HYPERPARAM_KNOBS as Record<string, Knob>).map(([key, knob]) => [
    key,
    knob.kind === 'number' ? numberField(knob) : booleanField(knob),
  ]),
) as KnobFields;

export const hyperparamsSchema = z.object({
  ...knobFields,
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
});
export type Hyperparams = z.infer<typeof hyperparamsSchema>;

export const DEFAULT_HYPERPARAMS: Hyperparams = hyperparamsSchema.parse({});

/**
 * ρ in force for a run as the session records it, or undefined where the method never perturbs (SGD
 * without a probe). GSAM's ρ_t varies with the learning rate: its optimizer reports the value it used
 * as a per-step scalar, which takes precedence over this one.
 */
export function rhoInForce(name: OptimizerName, hparams: Hyperparams): number | undefined {
  if (name === 'sgd' && hparams.sgdProbeEvery === 0) return undefined;
  return hparams.rho;
}
