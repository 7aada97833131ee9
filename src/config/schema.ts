/** The one experiment configuration: the URL, the UI forms, exported bundles and the CLI all use it. */
import { z } from 'zod';
import { OPTIMIZER_NAMES } from '../methods/metas';
import { MAX_REPLICAS, MAX_RUNS, MAX_SEEDS, RUN_ID_MAX_LENGTH, RUN_NAME_MAX_LENGTH } from './limits';
import { type LayerSpec, layerSpecSchema, MODEL_PRESET_NAMES, MODEL_PRESETS } from './model';
import { HYPERPARAM_KNOBS, type HyperparamKey, hyperparamsSchema } from './optimizers';
import { probeConfigSchema } from './probes';
import { robustConfigSchema } from './robust';
import { sweepAxisProblem } from './sweep';

export const CONFIG_VERSION = 1;

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const DATASET_NAMES = ['fashion-mnist'] as const;

export const runConfigSchema = z.object({
  id: z.string().min(1).max(RUN_ID_MAX_LENGTH),
  name: z.string().min(1).max(RUN_NAME_MAX_LENGTH),
  /** CSS colour of the run's curves; the UI picks one from its palette when absent. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  optimizer: z.enum(OPTIMIZER_NAMES),
  hparams: hyperparamsSchema,
});
export type RunConfig = z.infer<typeof runConfigSchema>;

const NUMERIC_KNOBS = (Object.keys(HYPERPARAM_KNOBS) as HyperparamKey[]).filter(
  (key) => HYPERPARAM_KNOBS[key].kind === 'number',
) as [HyperparamKey, ...HyperparamKey[]];

/** One swept hyperparameter of a run (sweep.ts has the grammar and the checks). */
export const sweepAxisSchema = z.object({
  runId: z.string().min(1).max(32),
  key: z.enum(NUMERIC_KNOBS),
  values: z.array(z.number()).min(1).max(MAX_REPLICAS),
});

export const experimentConfigSchema = z
  .object({
    version: z.literal(CONFIG_VERSION),
    dataset: z.enum(DATASET_NAMES),
    /** A preset, or `custom` with the model in `layers`. */
    model: z.enum([...MODEL_PRESET_NAMES, 'custom']),
    layers: z.array(layerSpecSchema).min(1).max(40).optional(),
    batchSize: z.number().int().min(1).max(1024),
    /** Training length in steps (one step = one batch for every run). */
    steps: z.number().int().min(1).max(1_000_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** Test-set evaluation every this many steps. */
    evalEvery: z.number().int().min(1).max(100_000),
    /** How many test examples each evaluation uses (the first n of the test split). */
    evalExamples: z.number().int().min(1).max(10_000),
    backend: z.enum(BACKEND_CHOICES),
    /** Replicas per run: replica k of every run trains with seed `seed + k` (paired seeds). */
    seeds: z.number().int().min(1).max(MAX_SEEDS).default(1),
    /** Hyperparameters of runs varied over values; each value becomes a run (replicas.ts). */
    sweep: z.array(sweepAxisSchema).max(16).default([]),
    /** FGSM, PGD and noise accuracy at every evaluation; off when absent (it costs many gradient passes). */
    robust: robustConfigSchema.optional(),
    runs: z
      .array(runConfigSchema)
      .min(1)
      .max(MAX_RUNS)
      .refine((runs) => new Set(runs.map((r) => r.id)).size === runs.length, 'run ids must be unique'),
    /** Probes applied equally to every run (absent: on demand only, with the defaults). */
    probes: probeConfigSchema.optional(),
  })
  .refine((config) => config.model !== 'custom' || config.layers !== undefined, {
    message: 'a custom model needs its layers',
    path: ['layers'],
  })
  .superRefine((config, context) => {
    for (const [index, axis] of config.sweep.entries()) {
      const problem = sweepAxisProblem(axis, config.runs);
      if (problem)
        context.addIssue({
          code: 'custom',
          message: `sweep ${axis.runId}.${axis.key}: ${problem}`,
          path: ['sweep', index],
        });
    }
  });
export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;

/** The layer specs the config describes: its custom layers, or its preset's. */
export function modelLayers(config: ExperimentConfig): LayerSpec[] {
  if (config.model === 'custom') return config.layers ?? [];
  return MODEL_PRESETS[config.model].layers;
}
