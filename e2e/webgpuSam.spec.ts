/**
 * Regression: on WebGPU, the global gradient norm of the small CNN (8 weight tensors) is an addN of 8
 * tensors, which stock tfjs-backend-webgpu compiles into an invalid shader (9 storage buffers > 8), so
 * ‖g‖ was stale garbage, ‖e‖ was not ρ and SAM/BiSAM diverged at step 1. See src/engine/backend/webgpu/addN.ts.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

const RHO = 0.05;

test('forced WebGPU trains SAM and BiSAM on the small CNN with finite losses and ‖e‖ = ρ', async ({
  page,
}) => {
  test.setTimeout(300_000); // SwiftShader: ~10 s to the first step, then ~15 s per step of both runs
  const errors = collectErrors(page);
  // Two steps: ‖e‖ is wrong from step 0 and the loss NaN from step 1 when the norm is broken.
  await page.goto(
    `/?v=2&backend=webgpu&model=small-cnn&steps=2&evalEvery=2&evalExamples=100&runs=sam(rho=${RHO}),bisam-log(rho=${RHO})`,
  );
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 240_000 });
  const runs = await readState(page, (s) =>
    ['sam', 'bisam-log'].map((id) => {
      const run = s.runs.get(id);
      return {
        id,
        status: run?.status,
        loss: run?.values.loss ?? [],
        perturbationNorm: run?.values.perturbationNorm ?? [],
      };
    }),
  );
  for (const run of runs) {
    expect(run.status, run.id).not.toBe('diverged');
    expect(run.loss, run.id).toHaveLength(2);
    for (const loss of run.loss) expect(Number.isFinite(loss), `${run.id} loss ${loss}`).toBe(true);
    // e = ρ·g/(‖g‖ + eps), so ‖e‖ = ρ whenever the norms are computed right.
    expect(run.perturbationNorm, run.id).toHaveLength(2);
    for (const norm of run.perturbationNorm) expect(norm, run.id).toBeCloseTo(RHO, 4);
  }
  expect(errors).toEqual([]);
});
