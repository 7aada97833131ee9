import { expect, test } from '@playwright/test';
import { cifarBatch, dropFiles, trainCount } from './dataFiles';
import { collectErrors, waitForSteps } from './helpers';

test('a 2-D toy comparison draws a decision boundary for each of its 3 runs', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&data=spiral&toyNoise=0.1&model=mlp-2d&batch=16&steps=400&evalEvery=10&evalExamples=200&backend=wasm&runs=sgd,sam,bisam-log',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd', 'sam', 'bisam-log'], 30);
  for (const run of ['sgd', 'sam', 'bisam-log']) {
    const canvas = page.getByTestId(`boundary-${run}`);
    await expect(canvas).toHaveAttribute('data-step', /^[1-9]\d*$/);
    // The heatmap covers the plane: every corner pixel is painted.
    const painted = await canvas.evaluate((element: HTMLCanvasElement) => {
      const context = element.getContext('2d');
      const at = (x: number, y: number) => context?.getImageData(x, y, 1, 1).data[3] ?? 0;
      return [
        at(1, 1),
        at(element.width - 2, 1),
        at(1, element.height - 2),
        at(element.width - 2, element.height - 2),
      ];
    });
    expect(painted.every((alpha) => alpha > 0)).toBe(true);
    console.log(`boundary redraw ${run}: ${await canvas.getAttribute('data-draw-ms')} ms`);
  }
  expect(errors).toEqual([]);
});

test('CIFAR-format files dropped on the page become the dataset and train a step', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=32&evalEvery=5&steps=50&runs=sgd');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await dropFiles(page, { 'data_batch_1.bin': cifarBatch(64), 'test_batch.bin': cifarBatch(32) });
  await expect(page.getByLabel('Dataset')).toHaveValue('cifar10:cifar-10-batches-bin');
  await expect.poll(() => trainCount(page)).toBe(64);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd'], 1);
  // A reload trains on the files kept in IndexedDB without asking again.
  await page.reload();
  await expect.poll(() => trainCount(page)).toBe(64);
  expect(errors).toEqual([]);
});

test('a truncated CIFAR file is named, and nothing crashes', async ({ page }) => {
  await page.goto('/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=32&steps=50&runs=sgd');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await dropFiles(page, {
    'data_batch_1.bin': cifarBatch(4).slice(0, 5000),
    'test_batch.bin': cifarBatch(4),
  });
  await expect(page.getByTestId('error')).toContainText(
    'data_batch_1.bin: 5000 bytes is not a whole number of 3073-byte records',
  );
});

test('a label-noise link shows the memorisation charts', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&data=mnist&noise=symmetric:0.4&model=tiny-cnn&batch=16&steps=300&evalEvery=5&evalExamples=100&backend=wasm&runs=sgd,sam',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForSteps(page, ['sgd', 'sam'], 12);
  for (const chart of ['noisyTrueAccuracy', 'noisyLabelAccuracy'])
    await expect(page.locator(`figure[data-chart="${chart}"] .series-line path`).first()).toHaveAttribute(
      'd',
      /M.+L/,
    );
  expect(errors).toEqual([]);
});
