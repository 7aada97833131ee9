/**
 * A parity case: a fully specified tiny problem (input, labels, layers, every weight, optimizer) on
 * which a few steps are run, so the numbers can be compared with the PyTorch reference code or with
 * hand calculations. Validation names the offending field; running never reads data mid-step.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { StepMetricName } from '../src/config/metrics';
import { layerSpecSchema } from '../src/config/model';
import { hyperparamsSchema, OPTIMIZER_NAMES } from '../src/config/optimizers';
import { smoothedTargets } from '../src/engine/metrics/loss';
import { buildModel } from '../src/engine/model/build';
import { assignParams } from '../src/engine/model/init';
import { createOptimizer } from '../src/engine/optim/registry';
import { learningRateAt } from '../src/engine/optim/schedule';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

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
    optimizer: hyperparamsSchema.extend({ name: z.enum(OPTIMIZER_NAMES) }).strict(),
    /** Steps on the same batch. */
    steps: z.number().int().min(1).max(1000).default(1),
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

/** The per-step numbers a parity run reports (those present for the method). */
export const PARITY_METRICS = [
  'loss',
  'perturbedLoss',
  'ascentGradNorm',
  'perturbationNorm',
  'q',
] as const satisfies readonly StepMetricName[];

export interface ParityResult {
  params: { shape: number[]; values: number[] }[];
  steps: Partial<Record<(typeof PARITY_METRICS)[number], number>>[];
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
    const optimizer = createOptimizer(name, model);
    const x = tf.tensor(c.input.values, c.input.shape, 'float32');
    const labels = tf.tensor1d(c.labels, 'int32');
    const targets = smoothedTargets(labels, c.numClasses, hparams.labelSmoothing);
    const steps: ParityResult['steps'] = [];
    for (let step = 0; step < c.steps; step++) {
      const lr = learningRateAt(hparams.lr, hparams.schedule, step, c.steps);
      const scalars = optimizer.step({ batch: { x, labels, targets }, hparams, lr, step });
      const row: ParityResult['steps'][number] = {};
      for (const metric of PARITY_METRICS) {
        const scalar = scalars[metric];
        if (scalar) row[metric] = (await scalar.data())[0] as number;
      }
      tf.dispose(Object.values(scalars));
      steps.push(row);
    }
    const params = await Promise.all(
      model.params.map(async (p) => ({ shape: [...p.shape], values: [...(await p.data())] })),
    );
    tf.dispose([x, labels, targets]);
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
