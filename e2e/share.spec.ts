import { expect, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

test('Copy link gives a colleague the identical setup', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = collectErrors(page);
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  // A few edits of every kind: a run added, a knob, a rename, experiment fields.
  await page.getByRole('button', { name: 'Add a BiSAM (tanh) run' }).click();
  const rho = page.locator('article[data-run="sam"]').getByLabel('Radius ρ', { exact: true });
  await rho.fill('0.1');
  await rho.press('Tab');
  const name = page.locator('article[data-run="sgd"]').getByLabel('Name of run SGD');
  await name.fill('Plain SGD, β = 0.9');
  await name.press('Enter');
  const seed = page.getByLabel('Seed', { exact: true });
  await seed.fill('7');
  await seed.press('Enter');
  await page.getByLabel('Model', { exact: true }).selectOption('tiny-cnn');
  await expect(page).toHaveURL(/seed=7/);

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(
    /[?&]v=2&.*&runs=sgd\(name=Plain%20SGD%252C%20%CE%B2%20%253D%200\.9,sgdProbeEvery=10\),sam\(rho=0\.1\),bisam-log,bisam-tanh&?/,
  );
  const config = await readState(page, (s) => s.config);

  const colleague = await context.newPage();
  await colleague.goto(link);
  await expect(colleague.getByTestId('status')).toHaveText('Ready');
  expect(await readState(colleague, (s) => s.config)).toEqual(config);
  await expect(colleague.getByTestId('notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a hand-broken link says what was wrong, keeps the rest and still trains', async ({ page }) => {
  await page.goto(
    '/?v=2&backend=wasm&model=tiny-cnn&batch=8&steps=3&evalEvery=3&evalExamples=50&runs=sgd,adam,sam(rho=-1)&colour=red',
  );
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'unknown method "adam"' })).toHaveCount(1);
  await expect(
    notices.filter({ hasText: 'rho="-1" is invalid: Radius ρ must be ≥ 0 and ≤ 10; using the default' }),
  ).toHaveCount(1);
  await expect(notices.filter({ hasText: 'unknown URL parameter "colour" was ignored' })).toHaveCount(1);
  await expect(page.locator('.legend-item')).toHaveText(['SGD', 'SAM']);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done');
  expect(await readState(page, (s) => s.runs.get('sam')?.steps)).toEqual([0, 1, 2]);
  // The address bar now holds the repaired link.
  await expect(page).toHaveURL(/v=2&.*runs=sgd,sam$/);
});

test('a custom model shows its parameter count as it is edited, and its link carries the layers', async ({
  page,
}) => {
  await page.goto('/?v=2&backend=wasm&model=tiny-cnn');
  await expect(page.getByTestId('param-count')).toHaveText('2,010 parameters');
  await page.getByLabel('Model', { exact: true }).selectOption('custom');
  const filters = page.getByLabel('Layer 1 filters');
  await filters.fill('8');
  // conv 3·3·1·8+8 = 80; 14×14×8 → pool 7×7×8 = 392 → dense 392·10+10 = 3,930.
  await expect(page.getByTestId('param-count')).toHaveText('4,010 parameters');
  await expect(page).toHaveURL(/model=custom&layers=conv\(8,3,s2\)-pool\(2\)-flat-dense\(10\)/);
  await page.getByLabel('Layer 2 size').fill('7');
  // 14×14×8 pooled by 7 → 2×2×8 = 32 → dense 32·10+10 = 330, plus the conv's 80.
  await expect(page.getByTestId('param-count')).toHaveText('410 parameters');
  await page.getByRole('button', { name: 'Remove layer 3' }).click();
  await expect(page.getByTestId('param-count')).toContainText('layer 3 (dense): dense needs a flat input');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
});
