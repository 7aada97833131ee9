/**
 * The README screenshot: the default comparison on WASM, about 40 s into training, at 1280×760.
 * Not part of the suite (slow on purpose): `SCREENSHOT=1 npx playwright test e2e/screenshot.spec.ts`.
 */
import { expect, test } from '@playwright/test';

test.skip(!process.env.SCREENSHOT, 'set SCREENSHOT=1 to refresh docs/screenshot.png');

test('the default comparison mid-training, for the README', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('status')).toHaveText('Ready', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(Number(process.env.SCREENSHOT_AFTER_MS ?? 40_000));
  await page.screenshot({ path: process.env.SCREENSHOT_PATH ?? 'docs/screenshot.png' });
});
