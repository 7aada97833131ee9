import { expect, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

/** Three runs on a tiny setup with FGSM, PGD-3 and noise at every evaluation (every 20 steps). */
const ROBUST =
  '/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=100&evalEvery=20&steps=40' +
  '&robust=fgsm,pgd,noise&eps=2,8&pgdSteps=3&robustExamples=100&sigmas=0.1';

type WithRobust = { robust?: { step: number; pgd: number[] }[] };

test('robust accuracy charts show every run at every evaluation', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(ROBUST);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await expect(page.getByRole('checkbox', { name: 'PGD-3' })).toBeChecked();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 240_000 });
  const robustSteps = () =>
    readState(page, (s) =>
      ['sgd', 'sam', 'bisam-log'].map((id) =>
        ((s.runs.get(id) as unknown as WithRobust | undefined)?.robust ?? []).map((r) => r.step),
      ),
    );
  await expect.poll(robustSteps, { timeout: 120_000 }).toEqual([
    [0, 20, 40],
    [0, 20, 40],
    [0, 20, 40],
  ]);
  const panel = page.getByTestId('robust-charts');
  for (const chart of ['robust-fgsm', 'robust-pgd', 'robust-noise', 'robust-vs-eps']) {
    // Charts off screen keep what they last drew: bring each into view.
    await panel.locator(`figure[data-chart="${chart}"]`).scrollIntoViewIfNeeded();
    await expect(panel.locator(`figure[data-chart="${chart}"] .series-line path`)).toHaveCount(3);
  }
  await expect(panel.locator('figure[data-chart="robust-pgd"]')).toContainText('PGD-3 accuracy at ε = 8/255');
  // Another ε redraws the step charts at that radius.
  await panel.getByRole('combobox', { name: 'Radius ε' }).selectOption('2');
  await expect(panel.locator('figure[data-chart="robust-fgsm"]')).toContainText('ε = 2/255');
  await expect(panel.locator('figure[data-chart="robust-fgsm"] .series-line path')).toHaveCount(3);
  const pgdCells = page.getByTestId('run-summary').getByTestId('robust-pgd');
  await expect(pgdCells).toHaveCount(3);
  for (const cell of await pgdCells.all()) await expect(cell).toHaveText(/^[01]\.\d{3}$/);
  await expect(page.getByRole('button', { name: 'Export robust CSV' })).toBeVisible();
  expect(errors).toEqual([]);
});
