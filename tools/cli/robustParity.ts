/**
 * Runs a robust parity case through the engine's attacks (the functions the evaluation uses) and
 * compares the perturbed inputs and accuracies with the PyTorch reference's.
 */
import * as tf from '@tensorflow/tfjs';
import {
  correctCount,
  fgsmAttack,
  inferenceClassifier,
  pgdAttack,
} from '../../src/engine/evaluation/attacks';
import { buildModel } from '../../src/engine/model/build';
import { assignParams } from '../../src/engine/model/init';
import type { AttackResult, RobustParityCase, RobustParityResult } from './robustParityCases';

export async function runRobustParityCase(c: RobustParityCase): Promise<RobustParityResult> {
  const [n = 0, h = 0, w = 0, channels = 0] = c.input.shape;
  const model = buildModel(c.layers, [h, w, channels], c.numClasses);
  try {
    assignParams(
      model,
      c.params.map((p) => Float32Array.from(p.values)),
    );
    const classify = inferenceClassifier(model, c.normalisation);
    const x = tf.tensor4d(c.input.values, [n, h, w, channels]);
    const labels = tf.tensor1d(c.labels, 'int32');
    const directions = tf.tensor4d(c.startDirections, [n, h, w, channels]);
    const read = async (epsilon: number, attacked: tf.Tensor4D): Promise<AttackResult> => {
      const correct = correctCount(classify, attacked, labels);
      const [values, count] = await Promise.all([attacked.data(), correct.data()]);
      tf.dispose([attacked, correct]);
      return { epsilon, values: [...values], accuracy: (count[0] as number) / n };
    };
    const fgsm: AttackResult[] = [];
    const pgd: AttackResult[] = [];
    for (const epsilon of c.epsilons) {
      fgsm.push(await read(epsilon, fgsmAttack(classify, x, labels, epsilon)));
      pgd.push(await read(epsilon, pgdAttack(classify, x, labels, directions, epsilon, c.pgdSteps)));
    }
    tf.dispose([x, labels, directions]);
    return { fgsm, pgd };
  } finally {
    model.dispose();
  }
}

/**
 * float32 engine vs float64 PyTorch: pixels differ by float32 rounding of x ± ε (≈1e-7); a gradient
 * sign that disagreed would move a pixel by ε ≥ 2/255 ≈ 8e-3. Accuracies must be equal.
 */
export const ROBUST_TOLERANCE = 1e-6;

/** What differs beyond the tolerance (empty when the results agree), and the largest pixel difference. */
export function compareRobust(
  engine: RobustParityResult,
  reference: RobustParityResult,
): { failures: string[]; maxPixelDiff: number } {
  const failures: string[] = [];
  let maxPixelDiff = 0;
  for (const attack of ['fgsm', 'pgd'] as const) {
    if (engine[attack].length !== reference[attack].length)
      failures.push(`${attack}: engine ${engine[attack].length} ε, PyTorch ${reference[attack].length}`);
    reference[attack].forEach((ref, i) => {
      const mine = engine[attack][i];
      const where = `${attack} ε=${ref.epsilon.toFixed(5)}`;
      if (!mine || mine.values.length !== ref.values.length) {
        failures.push(`${where}: ${mine?.values.length ?? 0} pixels, PyTorch ${ref.values.length}`);
        return;
      }
      let far = 0;
      ref.values.forEach((b, j) => {
        const diff = Math.abs((mine.values[j] as number) - b);
        maxPixelDiff = Math.max(maxPixelDiff, diff);
        if (!(diff <= ROBUST_TOLERANCE)) far += 1;
      });
      if (far > 0) failures.push(`${where}: ${far} pixels differ by more than ${ROBUST_TOLERANCE}`);
      // Equal counts of correct examples (the fixtures keep 10 significant digits).
      if (Math.abs(mine.accuracy - ref.accuracy) > 1e-9)
        failures.push(`${where}: accuracy engine ${mine.accuracy}, PyTorch ${ref.accuracy}`);
    });
  }
  return { failures, maxPixelDiff };
}
