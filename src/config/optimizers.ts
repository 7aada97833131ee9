/** Optimizer names and hyperparameters as the config, URL, CLI and exports spell them. */
import { z } from 'zod';

export const OPTIMIZER_NAMES = ['sgd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

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

export const hyperparamsSchema = z.object({
  /** Learning rate η of the base step. */
  lr: z.number().gt(0).max(10).default(0.05),
  /** Momentum β (PyTorch SGD semantics). */
  momentum: z.number().min(0).lt(1).default(0.9),
  /** Coupled weight decay λ: enters the base step only, never the ascent gradient. */
  weightDecay: z.number().min(0).max(0.1).default(5e-4),
  nesterov: z.boolean().default(false),
  /** Label smoothing s: target 1-s on the true class, s/(K-1) elsewhere. Playground default 0. */
  labelSmoothing: z.number().min(0).lt(1).default(0),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
});
export type Hyperparams = z.infer<typeof hyperparamsSchema>;

export const DEFAULT_HYPERPARAMS: Hyperparams = hyperparamsSchema.parse({});
