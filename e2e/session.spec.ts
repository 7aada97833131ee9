import { expect, type Page, test } from '@playwright/test';
import { collectErrors, readState, waitForSteps } from './helpers';

const RUNS = 'runs=sgd,sam,bisam-log';
const TINY_RUNS = `model=tiny-cnn&batch=16&evalExamples=100&${RUNS}`;

async function train(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
}

for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
  test(`forced ${backend} trains a tiny three-method comparison in lockstep`, async ({ page }) => {
    const errors = collectErrors(page);
    await train(page, `/?backend=${backend}&steps=3&evalEvery=3&${TINY_RUNS}`);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);
    await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 150_000 });
    const steps = await readState(page, (s) =>
      ['sgd', 'sam', 'bisam-log'].map((id) => s.runs.get(id)?.steps),
    );
    expect(steps).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
    ]);
    const finite = await readState(page, (s) =>
      [...s.runs.values()].every((run) => (run.values.loss ?? []).every((v) => Number.isFinite(v))),
    );
    expect(finite).toBe(true);
    expect(errors).toEqual([]);
  });
}

test('the default comparison trains on WASM', async ({ page }) => {
  await train(page, `/?backend=wasm&steps=8&evalEvery=4&evalExamples=500&${RUNS}`);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  const counts = await readState(page, (s) => [...s.runs.values()].map((run) => run.steps.length));
  expect(counts).toEqual([8, 8, 8]);
  await expect(page.getByTestId('backend-badge')).toContainText(/SIMD/);
  const confusion = page.getByTestId('confusion');
  await expect(confusion.locator('tbody tr')).toHaveCount(10);
  await expect(confusion).toContainText('step 8');
  const total = await confusion
    .locator('tbody td:not(:last-child)')
    .evaluateAll((cells) => cells.reduce((sum, cell) => sum + Number(cell.textContent), 0));
  expect(total).toBe(500);
});

test('a run with lr = 1e6 diverges while its neighbours keep training', async ({ page }) => {
  await train(
    page,
    `/?backend=wasm&steps=60&evalEvery=1000&model=tiny-cnn&batch=16&runs=sgd,sam(lr=1000000)`,
  );
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  const outcome = await readState(page, (s) => ({
    sgd: s.runs.get('sgd')?.steps.length,
    sam: s.runs.get('sam')?.status,
    divergedAt: s.runs.get('sam')?.divergedAtStep,
    event: s.events.find((e) => e.kind === 'diverged')?.runId,
  }));
  expect(outcome.sgd).toBe(60);
  expect(outcome.sam).toBe('diverged');
  expect(outcome.event).toBe('sam');
  expect(outcome.divergedAt).toBeLessThan(60);
  await expect(page.locator('tr[data-run="sam"]')).toContainText(`diverged at step ${outcome.divergedAt}`);
});

test('the number of tensors after 300 steps equals that after 10', async ({ page }) => {
  await train(
    page,
    `/?backend=wasm&steps=300&evalEvery=100&model=tiny-cnn&batch=16&evalExamples=200&${RUNS}`,
  );
  await waitForSteps(page, ['sgd', 'sam', 'bisam-log'], 10);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Paused');
  const early = await readState(page, (s) => ({ step: s.progress?.step, tensors: s.progress?.numTensors }));
  expect(early.step).toBeGreaterThanOrEqual(10);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  const late = await readState(page, (s) => ({ step: s.progress?.step, tensors: s.progress?.numTensors }));
  expect(late.step).toBe(300);
  expect(late.tensors).toBe(early.tensors);
});
