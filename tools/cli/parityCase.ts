/**
 * A parity case: a fully specified tiny problem (input, labels, layers, every weight, optimizer) on
 * which a few steps are run, so the numbers can be compared with the PyTorch reference code or with
 * hand calculations. Validation names the offending field; running never reads data mid-step.
 */

import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { withCurrentKnobNames } from '../../src/config/formerNames';
import type { StepMetricName } from '../../src/config/metrics';
import { layerSpecSchema } from '../../src/config/model';
import { hyperparamsSchema } from '../../src/config/optimizers';
import { buildModel } from '../../src/engine/model/build';
import { assignParams } from '../../src/engine/model/init';
import { methodStep } from '../../src/methods/common/methodStep';
import { OPTIMIZER_NAMES } from '../../src/methods/metas';
import { createOptimizer } from '../../src/methods/steps';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The methods whose perturbation a mask restricts. */
const MASKED_METHODS: readonly string[] = ['ssam-f', 'ssam-d'];

const tensorSchema = z
  .strictObject({ shape: z.array(z.number().int().min(1)).min(1).max(4), values: z.array(z.number()) })
  .superRefine((t, ctx) => {
    if (t.values.length !== size(t.shape)) {
      const message = `expected ${size(t.shape)} values for shape [${t.shape.join(',')}], got ${t.values.length}`;
      ctx.addIssue({ code: 'custom', path: ['values'], message });
    }
  });

export const parityCaseSchema = z
  .strictObject({
    numClasses: z.number().int().min(2).max(1000),
    /** [N, D] for dense-only models, [N, H, W, C] for convolutional ones. */
    input: tensorSchema.refine((t) => t.shape.length === 2 || t.shape.length === 4, {
      message: 'input shape must be [N,D] or [N,H,W,C]',
      path: ['shape'],
    }),
    labels: z.array(z.number().int().min(0)).min(1),
    layers: z.array(layerSpecSchema).min(1),
    /** Trainable weights in layer order, kernel then bias, tfjs layouts. */
    params: z.array(tensorSchema),
    /** Knob names from before the naming rule (`mu`, `alpha`: the PyTorch fixtures') read as today's. */
    optimizer: z.preprocess(
      withCurrentKnobNames,
      hyperparamsSchema.extend({ name: z.enum(OPTIMIZER_NAMES) }).strict(),
    ),
    /** Steps on the same batch. */
    steps: z.number().int().min(1).max(1000).default(1),
    /** The run's seed in the step context: ESAM's tensor draws, SSAM-D's mask draws. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    /**
     * SSAM only: a fixed 0/1 perturbation mask, one tensor per entry of `params` (same shapes); it is
     * never recomputed, so the case stays deterministic.
     */
    mask: z
      .array(
        tensorSchema.refine((t) => t.values.every((v) => v === 0 || v === 1), {
          message: 'mask values must be 0 or 1',
          path: ['values'],
        }),
      )
      .optional(),
  })
  .superRefine((c, ctx) => {
    const n = c.input.shape[0];
    if (c.labels.length !== n) {
      ctx.addIssue({
        code: 'custom',
        path: ['labels'],
        message: `expected ${n} labels (input.shape[0]), got ${c.labels.length}`,
      });
    }
    if (c.mask && !MASKED_METHODS.includes(c.optimizer.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mask'],
        message: `only ${MASKED_METHODS.join(' and ')} take a mask, not ${c.optimizer.name}`,
      });
    }
    const bad = c.labels.findIndex((label) => label >= c.numClasses);
    if (bad >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['labels', bad],
        message: `label ${c.labels[bad]} ≥ numClasses ${c.numClasses}`,
      });
    }
  });

export type ParityCase = z.infer<typeof parityCaseSchema>;

/**
 * The per-step numbers a parity run reports (those present for the method), under the names of the
 * parity file format, which the PyTorch reference writes too (`q`, `rhoMin`), → the engine's metric.
 */
export const PARITY_METRICS = {
  loss: 'loss',
  perturbedLoss: 'perturbedLoss',
  ascentGradNorm: 'ascentGradNorm',
  perturbationNorm: 'perturbationNorm',
  q: 'bisamQ',
  rho: 'rho',
  rhoMin: 'bsamRhoMin',
  maskSparsity: 'maskSparsity',
} as const satisfies Record<string, StepMetricName>;

export interface ParityResult {
  params: { shape: number[]; values: number[] }[];
  steps: Partial<Record<keyof typeof PARITY_METRICS, number>>[];
}

/** Parses a case; on failure returns one message per problem, each starting with the field's path. */
export function parseParityCase(
  json: unknown,
): { ok: true; value: ParityCase } | { ok: false; errors: string[] } {
  const parsed = parityCaseSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`),
  };
}

function fieldPath(path: readonly PropertyKey[]): string {
  const text = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return text.startsWith('.') ? text.slice(1) : text || '(case)';
}

/** Runs the case; throws an Error whose message names the field when the weights do not fit the layers. */
export async function runParityCase(c: ParityCase): Promise<ParityResult> {
  const model = buildModelFor(c);
  try {
    const { name, ...hparams } = c.optimizer;
    const fixedMask = c.mask?.map((m) => Float32Array.from(m.values));
    const optimizer = createOptimizer(name, model, fixedMask ? { fixedMask } : undefined);
    const x = tf.tensor(c.input.values, c.input.shape, 'float32');
    const labels = tf.tensor1d(c.labels, 'int32');
    const steps: ParityResult['steps'] = [];
    for (let step = 0; step < c.steps; step++) {
      const place = { hparams, numClasses: c.numClasses, step, totalSteps: c.steps, seed: c.seed };
      const { scalars } = methodStep(optimizer, { x, labels }, place);
      const row: ParityResult['steps'][number] = {};
      for (const [key, metric] of Object.entries(PARITY_METRICS)) {
        const scalar = scalars[metric];
        if (scalar) row[key as keyof typeof PARITY_METRICS] = (await scalar.data())[0] as number;
      }
      tf.dispose(Object.values(scalars));
      steps.push(row);
    }
    const params = await Promise.all(
      model.params.map(async (p) => ({ shape: [...p.shape], values: [...(await p.data())] })),
    );
    tf.dispose([x, labels]);
    optimizer.dispose();
    return { params, steps };
  } finally {
    model.dispose();
  }
}

function buildModelFor(c: ParityCase) {
  let model: ReturnType<typeof buildModel>;
  try {
    model = buildModel(c.layers, c.input.shape.slice(1), c.numClasses);
  } catch (error) {
    throw new Error(`layers: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  if (model.params.length !== c.params.length) {
    problems.push(`params: the layers have ${model.params.length} parameter tensors, got ${c.params.length}`);
  } else {
    model.params.forEach((p, i) => {
      const given = c.params[i]?.shape ?? [];
      if (given.join(',') !== p.shape.join(',')) {
        problems.push(
          `params[${i}].shape: expected [${p.shape.join(',')}] (${p.name}), got [${given.join(',')}]`,
        );
      }
    });
  }
  c.mask?.forEach((m, i) => {
    const expected = model.params[i]?.shape ?? [];
    if (m.shape.join(',') !== expected.join(','))
      problems.push(
        `mask[${i}].shape: expected [${expected.join(',')}] like params[${i}], got [${m.shape.join(',')}]`,
      );
  });
  if (c.mask && c.mask.length !== model.params.length)
    problems.push(`mask: the layers have ${model.params.length} parameter tensors, got ${c.mask.length}`);
  if (problems.length > 0) {
    model.dispose();
    throw new Error(problems.join('\n'));
  }
  assignParams(
    model,
    c.params.map((p) => Float32Array.from(p.values)),
  );
  return model;
}
