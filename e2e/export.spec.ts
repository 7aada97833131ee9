import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { STEP_METRICS } from '../src/config/metrics';
import { collectErrors, readState } from './helpers';

const METRICS = STEP_METRICS;

async function trainShortComparison(page: Page): Promise<void> {
  await page.goto(
    '/?v=2&backend=wasm&model=tiny-cnn&batch=16&steps=6&evalEvery=3&evalExamples=100&runs=sgd,sam',
  );
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done');
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return readFile(await file.path(), 'utf8');
}

test('CSV export has the documented columns and one row per run and step', async ({ page }) => {
  const errors = collectErrors(page);
  await trainShortComparison(page);
  const [header, ...rows] = (await download(page, 'Export CSV')).trimEnd().split('\r\n');
  expect(header?.split(',')).toEqual([
    'run_id',
    'run_name',
    'optimizer',
    'seed',
    'step',
    ...METRICS,
    'test_loss',
    'test_accuracy',
  ]);
  const cells = rows.map((row) => row.split(','));
  const column = (name: string) => (header?.split(',') ?? []).indexOf(name);
  for (const runId of ['sgd', 'sam']) {
    const own = cells.filter((row) => row[0] === runId);
    // Steps 0-5 trained; evaluations after 0, 3 and 6 steps: step 6 gets a row of its own.
    expect(own.map((row) => Number(row[column('step')]))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(
      own.slice(0, 6).every((row) => Number.isFinite(Number.parseFloat(row[column('loss')] ?? ''))),
    ).toBe(true);
    expect(own.map((row) => row[column('test_accuracy')] !== '')).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  }
  expect(
    cells.filter((row) => row[0] === 'sam').every((row, i) => i === 6 || row[column('sharpness')] !== ''),
  ).toBe(true);
  expect(errors).toEqual([]);
});

test('an exported bundle imports again with the same curves, next to the live runs', async ({ page }) => {
  const errors = collectErrors(page);
  await trainShortComparison(page);
  const bundle = await download(page, 'Export bundle');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(bundle) });
  await expect(page.getByTestId('imports')).toContainText('run.json');
  await expect(page.locator('.legend-item')).toHaveText(['SGD', 'SAM', 'SGD (imported)', 'SAM (imported)']);
  const [live, imported] = await readState(page, (s) => [
    ['sgd', 'sam'].map((id) => ({
      steps: s.runs.get(id)?.steps,
      loss: s.runs.get(id)?.values.loss,
      sharpness: s.runs.get(id)?.values.sharpness,
    })),
    (s.imported[0]?.runs ?? []).map((run) => ({
      steps: run.series.steps,
      loss: run.series.values.loss,
      sharpness: run.series.values.sharpness,
    })),
  ]);
  expect(imported).toEqual(live);
  await expect(
    page.locator('figure[data-chart="loss"] .series-line path[stroke-dasharray="6 3"]'),
  ).not.toHaveCount(0);
  await expect(page.getByTestId('run-summary').locator('tr')).toHaveCount(5);

  await page.getByTestId('import-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...JSON.parse(bundle), runs: [{ id: 'x' }] })),
  });
  await expect(
    page.getByTestId('notice').filter({ hasText: 'Could not import broken.json: runs[0].name:' }),
  ).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('each chart downloads as PNG and SVG, and a bundle dropped on the page is imported', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await trainShortComparison(page);
  const loss = page.locator('figure[data-chart="loss"]');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    loss.getByRole('button', { name: /as PNG$/ }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^sam-playground-loss-.*\.png$/);
  const pngBytes = await readFile(await png.path());
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  expect(pngBytes.length).toBeGreaterThan(5_000);
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    loss.getByRole('button', { name: /as SVG$/ }).click(),
  ]);
  const svgText = await readFile(await svg.path(), 'utf8');
  expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('Training loss L(w)');
  expect(svgText).not.toContain('var(--');

  const bundle = await download(page, 'Export bundle');
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  }, bundle);
  await expect(page.getByTestId('imports')).toContainText('dropped.json');
  expect(errors).toEqual([]);
});
