import { expect, type Page, test } from '@playwright/test';
import { collectErrors, readState, waitForSteps } from './helpers';

/** The default comparison (SGD, SAM, BiSAM -log), made quick: tiny model, small batches, WASM. */
const QUICK = '/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=200&evalEvery=40&steps=3000';

const card = (page: Page, runId: string) => page.locator(`article[data-run="${runId}"]`);

async function setLive(page: Page, runId: string, label: string, value: string): Promise<void> {
  const input = card(page, runId).getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}

test('the default comparison trains three curves, and live changes become markers', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(QUICK);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await expect(page.locator('.legend-item')).toHaveText(['SGD', 'SAM', 'BiSAM (-log)']);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd', 'sam', 'bisam-log'], 5);
  await expect(page.locator('figure[data-chart="loss"] .series-line path')).toHaveCount(6); // raw + smoothed per run
  await expect(page.locator('figure[data-chart="sharpness"] .series-line path').first()).toHaveAttribute(
    'd',
    /M.+L/,
  );

  await setLive(page, 'sam', 'Learning rate η', '0.1');
  await setLive(page, 'sam', 'Radius ρ', '0.2');
  await expect
    .poll(() =>
      readState(page, (s) =>
        s.events.filter((e) => e.kind === 'hyperparams').map((e) => [e.runId, e.key, e.to]),
      ),
    )
    .toEqual([
      ['sam', 'lr', 0.1],
      ['sam', 'rho', 0.2],
    ]);
  const markers = page.locator('figure[data-chart="loss"] .recharts-reference-line');
  await expect(markers).toHaveCount(2);
  await expect(page.locator('figure[data-chart="loss"]')).toContainText('η 0.05→0.1');
  await expect(page.locator('figure[data-chart="rho"]')).toContainText('ρ 0.05→0.2');
  // The change took effect: SAM's recorded ρ is 0.2 from the marker's step on.
  const rhoAfter = await readState(page, (s) => {
    const change = s.events.find((e) => e.key === 'rho');
    const run = s.runs.get('sam');
    const index = run?.steps.indexOf(change?.step ?? -1) ?? -1;
    return run?.values.rho?.[index];
  });
  expect(rhoAfter).toBeCloseTo(0.2, 6);

  // A bad value is refused next to the field; the run keeps training.
  await setLive(page, 'sam', 'Radius ρ', '-1');
  await expect(card(page, 'sam')).toContainText('Radius ρ must be ≥ 0 and ≤ 10');
  const before = await readState(page, (s) => s.runs.get('sam')?.steps.length ?? 0);
  await expect
    .poll(() => readState(page, (s) => s.runs.get('sam')?.steps.length ?? 0))
    .toBeGreaterThan(before);
  expect(errors).toEqual([]);
});

test('a BiSAM (tanh) run added mid-training joins the comparison, and a fork continues from its parent', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`${QUICK}&runs=sgd,sam`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd', 'sam'], 3);
  await page.getByRole('button', { name: 'Add a BiSAM (tanh) run' }).click();
  await waitForSteps(page, ['bisam-tanh'], 3);
  await expect(page.locator('.legend-item')).toHaveText(['SGD', 'SAM', 'BiSAM (tanh)']);
  await expect(page.getByTestId('run-summary').locator('tr[data-run="bisam-tanh"]')).toBeVisible();

  await card(page, 'sam').getByRole('button', { name: 'Fork here' }).click();
  const forkId = () =>
    readState(page, (s) => [...s.runs.keys()].find((id) => id.startsWith('sam-fork')) ?? '');
  await expect.poll(forkId).not.toBe('');
  await waitForSteps(page, [await forkId()], 1);
  const [forkFirst, parentSteps] = await readState(page, (s) => {
    const fork = [...s.runs.entries()].find(([id]) => id.startsWith('sam-fork'))?.[1];
    return [fork?.steps[0], s.runs.get('sam')?.steps.length];
  });
  expect(forkFirst).toBeGreaterThan(0); // it continues at the parent's step, not from 0
  expect(forkFirst).toBeLessThanOrEqual(parentSteps as number);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Paused');
  expect(errors).toEqual([]);
});

test('the crosshair reads every run on every chart, by pointer and by keyboard', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(QUICK);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd', 'sam', 'bisam-log'], 30);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const loss = page.locator('figure[data-chart="loss"]');
  const box = await loss.locator('.series-pointer').boundingBox();
  if (!box) throw new Error('the loss chart has no plot area');
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  const tooltip = loss.getByTestId('chart-tooltip');
  await expect(tooltip).toContainText(/^Step \d+/);
  await expect(tooltip.locator('.chart-tooltip-row')).toHaveText([
    /^SGD: \d/,
    /^SAM: \d/,
    /^BiSAM \(-log\): \d/,
  ]);
  // Synced: the other charts show the crosshair at the same x, but only the hovered one its numbers.
  await expect(page.locator('figure[data-chart="accuracy"] .crosshair line')).toHaveCount(1);
  await expect(page.getByTestId('chart-tooltip')).toHaveCount(1);
  if (process.env.SCREENSHOT) await page.screenshot({ path: 'test-results/crosshair.png' });
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('chart-tooltip')).toHaveCount(0);

  // Keyboard: focus the chart, the arrow keys walk the points from the first one; Escape hides them.
  await loss.getByRole('application').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tooltip).toContainText(/^Step 0/);
  await page.keyboard.press('ArrowRight');
  await expect(tooltip).toContainText(/^Step 1\D/);
  await page.keyboard.press('Escape');
  await expect(tooltip).toHaveCount(0);

  // Diagnostics beyond the main nine: BiSAM's Q is drawn for the BiSAM run only (raw + smoothed).
  await page.getByText('More charts').click();
  await page.getByLabel('BiSAM objective Q(w)').check();
  await expect(page.locator('figure[data-chart="bisamQ"] .series-line path')).toHaveCount(2);
  await expect(page.getByText('More charts (1)')).toBeVisible();
  expect(errors).toEqual([]);
});
