/**
 * The robust evaluation's FGSM and PGD (given start) against committed PyTorch outputs
 * (tools/cli/fixtures/torch-robust, from `npm run parity:torch -- --write-fixtures`): perturbed
 * inputs within ROBUST_TOLERANCE and equal accuracies, on both Node backends.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRobust, ROBUST_TOLERANCE, runRobustParityCase } from './robustParity';
import { type RobustFixture, robustFixturePath, robustParityCases } from './robustParityCases';

const cases = robustParityCases();
const fixture = (name: string): RobustFixture => JSON.parse(readFileSync(robustFixturePath(name), 'utf8'));

describe('robust attacks vs PyTorch (committed fixtures)', () => {
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('has a fixture for every case, computed for the case as generated now', () => {
    // A changed generator needs new fixtures: npm run parity:torch -- --write-fixtures (with torch).
    for (const { name, case: robustCase } of cases) expect(fixture(name).case, name).toEqual(robustCase);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    for (const { name } of cases) {
      it(`${name} on ${backend} gives PyTorch's perturbed inputs within ${ROBUST_TOLERANCE} and its accuracies`, async () => {
        await tf.setBackend(backend);
        const { case: robustCase, result } = fixture(name);
        const engine = await runRobustParityCase(robustCase);
        expect(compareRobust(engine, result).failures).toEqual([]);
      });
    }
  }

  it('fails on a 1% error in ε and on one PGD step too few', async () => {
    await tf.setBackend('cpu');
    const { case: robustCase, result } = fixture('cnn-fgsm-pgd');
    const wrongEpsilon = { ...robustCase, epsilons: robustCase.epsilons.map((e) => e * 1.01) };
    const wrongSteps = { ...robustCase, pgdSteps: robustCase.pgdSteps - 1 };
    const failuresOf = async (c: typeof robustCase) =>
      compareRobust(await runRobustParityCase(c), result).failures;
    expect((await failuresOf(wrongEpsilon)).some((f) => f.startsWith('fgsm'))).toBe(true);
    expect((await failuresOf(wrongSteps)).some((f) => f.startsWith('pgd'))).toBe(true);
  });
});
