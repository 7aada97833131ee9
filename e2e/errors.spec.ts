import { expect, test } from '@playwright/test';

test('a corrupt dataset file gives a clear error instead of a hang', async ({ page }) => {
  await page.route('**/data/train-labels-idx1-ubyte.gz', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/octet-stream',
      body: Buffer.from([0, 0, 8, 3, 0, 0]),
    }),
  );
  await page.goto('/?backend=cpu');
  await expect(page.getByTestId('status')).toHaveText('Failed');
  await expect(page.getByTestId('error')).toContainText('train-labels-idx1-ubyte.gz: bad magic number');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
});

test('a missing dataset file is reported with its URL', async ({ page }) => {
  await page.route('**/data/t10k-images-idx3-ubyte.gz', (route) =>
    route.fulfill({ status: 404, body: 'not here' }),
  );
  await page.goto('/?backend=cpu');
  await expect(page.getByTestId('error')).toContainText(/t10k-images-idx3-ubyte\.gz: HTTP 404/);
});

test('a hand-broken URL shows what was wrong and the app still trains', async ({ page }) => {
  await page.goto('/?backend=wasm&batch=-3&model=huge&steps=2&evalEvery=2&evalExamples=50&batch=8');
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'model must be one of' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'batch="-3" is out of range' })).toHaveCount(1);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
});
