import { expect, test } from '@playwright/test';
import { collectErrors, lossesOf, TINY } from './helpers';

test('the default page loads with no console errors and is one click from training', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', /webgpu|webgl|wasm|cpu/);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  expect(errors).toEqual([]);
});

test('forced WebGPU trains a few steps with a finite, plotted loss', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/?backend=webgpu&steps=3&evalEvery=3&${TINY}`);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(badge).toContainText('WebGPU');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 150_000 });
  const losses = await lossesOf(page, 'sgd');
  expect(losses).toHaveLength(3);
  for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
  await expect(page.getByTestId('latest-loss')).toHaveText(/^\d+\.\d{4}$/);
  await expect(page.locator('figure[aria-label^="Training loss"] .series-line path').first()).toHaveAttribute(
    'd',
    /M.+L/,
  );
  expect(errors).toEqual([]);
});

test('forced WebGL lowers the loss over 50 steps', async ({ page }) => {
  await page.goto(`/?backend=webgl&steps=50&evalEvery=50&${TINY}`);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgl');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 150_000 });
  const losses = await lossesOf(page, 'sgd');
  expect(losses).toHaveLength(50);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) * 0.8);
  await expect(page.getByTestId('test-accuracy')).toHaveText(/^0\.\d{3}$/);
});

test('pause stops at a step boundary and resume continues from there, by keyboard', async ({ page }) => {
  await page.goto(`/?backend=cpu&steps=400&evalEvery=1000&model=mlp&batch=16&evalExamples=100&runs=sgd`);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status')).toHaveText('Training');
  await expect.poll(async () => (await lossesOf(page, 'sgd')).length).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Paused');
  const atPause = (await lossesOf(page, 'sgd')).length;
  await page.waitForTimeout(500);
  expect((await lossesOf(page, 'sgd')).length).toBe(atPause);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect.poll(async () => (await lossesOf(page, 'sgd')).length).toBeGreaterThan(atPause);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const steps = await page.evaluate(() => {
    const view = (
      globalThis as unknown as { __playground: { state: () => { runs: Map<string, { steps: number[] }> } } }
    ).__playground;
    return view.state().runs.get('sgd')?.steps ?? [];
  });
  expect(steps).toEqual(steps.map((_, i) => i)); // every step once, in order, none lost across pause/resume
});
