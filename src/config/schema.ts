/** The one experiment configuration: the URL, the UI forms, exported bundles and the CLI all use it. */
import { z } from 'zod';
import { OPTIMIZER_NAMES } from '../methods/metas';
import {
  augmentSchema,
  datasetNameSchema,
  knownDataShape,
  labelNoiseSchema,
  parseDatasetName,
} from './datasets';
import { MAX_REPLICAS, MAX_RUNS, MAX_SEEDS, RUN_ID_MAX_LENGTH, RUN_NAME_MAX_LENGTH } from './limits';
import { type LayerSpec, layerSpecSchema, MODEL_PRESET_NAMES, MODEL_PRESETS } from './model';
import { describeModel, type ModelReport } from './modelShape';
import { HYPERPARAM_KNOBS, type HyperparamKey, hyperparamsSchema } from './optimizers';
import { probeConfigSchema } from './probes';
import { robustConfigSchema } from './robust';
import { sweepAxisProblem } from './sweep';

export const CONFIG_VERSION = 1;

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

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
    /** See datasets.ts: shipped, 2-D toy, or the user's files as `format:label`. */
    dataset: datasetNameSchema,
    /** Noise of a 2-D toy set, 0 (clean) … 1; ignored by image data. */
    toyNoise: z.number().min(0).max(1).optional(),
    /** Training examples kept, class-balanced and seeded; all when absent. */
    subset: z.number().int().min(10).max(1_000_000).optional(),
    /** Noisy training labels, fixed by the seed and shared by every run. */
    labelNoise: labelNoiseSchema.optional(),
    /** Random crop and/or flip per example, on the device, the same draws for every run. */
    augment: augmentSchema.optional(),
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

/**
 * The layer specs the config describes: its custom layers as written, or its preset's with the last
 * dense layer sized to the dataset's classes where the name tells them.
 */
export function modelLayers(config: ExperimentConfig): LayerSpec[] {
  return modelLayersFor(config, knownDataShape(config.dataset)?.numClasses);
}

/** As modelLayers, for a dataset of `numClasses` classes (user files tell theirs when loaded). */
export function modelLayersFor(config: ExperimentConfig, numClasses: number | undefined): LayerSpec[] {
  if (config.model === 'custom') return config.layers ?? [];
  const { layers } = MODEL_PRESETS[config.model];
  return numClasses === undefined ? layers : withOutputUnits(layers, numClasses);
}

/** `layers` with the final dense layer emitting `numClasses` logits. */
export function withOutputUnits(layers: readonly LayerSpec[], numClasses: number): LayerSpec[] {
  const last = layers[layers.length - 1];
  if (last?.type !== 'dense' || last.units === numClasses) return [...layers];
  return [...layers.slice(0, -1), { ...last, units: numClasses }];
}

/** The model checked on the config's data; undefined for user files, whose shape only loading tells. */
export function describeConfigModel(config: ExperimentConfig): ModelReport | undefined {
  const known = knownDataShape(config.dataset);
  return known && describeModel(modelLayers(config), known);
}

/** The config with a preset that fits its data when its model does not: mlp-2d for 2-D sets, else small-cnn. */
export function withFittingModel(config: ExperimentConfig): ExperimentConfig {
  if (!describeConfigModel(config)?.problem) return config;
  const ref = parseDatasetName(config.dataset);
  const model = !('problem' in ref) && ref.kind === 'toy' ? 'mlp-2d' : 'small-cnn';
  return { ...config, model, layers: undefined };
}
