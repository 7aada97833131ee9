/**
 * The first minute and the rough edges a new user meets: a slow backend that says what it is doing,
 * a diverged run that leaves the others readable, large numbers written in full, plain messages for
 * bad files and links, and no accessibility violations idle or while training.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, lossesOf, readState } from './helpers';

const train = (page: Page) => page.getByRole('button', { name: 'Train', exact: true }).click();
const notices = (page: Page) => page.getByTestId('notice');

function bundle(losses: readonly number[], overrides: Record<string, unknown> = {}): string {
  const steps = losses.map((_, i) => i);
  return JSON.stringify({
    format: 'sam-playground-bundle',
    bundleVersion: 1,
    config: {},
    runs: [{ id: 'big', name: 'Big', optimizer: 'sgd', steps, metrics: { loss: losses }, evaluations: [] }],
    events: [],
    environment: { appVersion: 'test', timestamp: '2026-01-01T00:00:00Z', userAgent: 'test' },
    ...overrides,
  });
}

const importFile = (page: Page, name: string, buffer: Buffer) =>
  page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer });

/** The loss chart's y tick labels as drawn, with how far each starts right of the chart's left edge. */
async function yTicks(page: Page) {
  return page.locator('figure[data-chart="loss"]').evaluate((figure) => {
    const svg = figure.querySelector('svg.recharts-surface');
    const left = svg?.getBoundingClientRect().left ?? 0;
    return [
      ...figure.querySelectorAll('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value'),
    ].map((tick) => ({
      text: tick.textContent ?? '',
      inset: tick.getBoundingClientRect().left - left,
    }));
  });
}

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target.join(' ')})`);
  expect(summary).toEqual([]);
}

test('a slow backend shows what it is doing before the first step, from the first second', async ({
  page,
}) => {
  // Software WebGPU: its first step compiles every shader and takes many seconds.
  await page.goto('/?backend=webgpu&model=tiny-cnn&batch=16&steps=50&runs=sgd,sam');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await train(page);
  const activity = page.getByTestId('activity');
  await expect(activity).toContainText('compiling shaders and taking the first step of 2 runs', {
    timeout: 1_000,
  });
  // Nothing is plotted yet while it says so: the text is what the user sees instead.
  await expect(page.getByTestId('step-count')).toHaveText('step 0 / 50');
  expect(await readState(page, (s) => [...s.runs.values()].some((run) => run.steps.length > 0))).toBe(false);
  await expect(activity).toContainText(/\d+ s so far/);
  // The first point comes before the step-0 evaluation is done: that one runs beside the steps.
  await expect
    .poll(() => readState(page, (s) => s.runs.get('sgd')?.steps.length ?? 0), { timeout: 120_000 })
    .toBeGreaterThan(0);
  await expect(activity).toContainText('evaluating step 0 while training');
});

test('a diverged run leaves the other curves readable and marks where it left', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?backend=wasm&model=tiny-cnn&batch=16&steps=30&evalEvery=1000&evalExamples=100&runs=sgd,sgd(lr=20000)',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await train(page);
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  expect(await readState(page, (s) => s.runs.get('sgd-2')?.status)).toBe('diverged');
  // Its last finite losses are far above the calm run's: they would set a linear range to 0…1e4 or more.
  expect(Math.max(...(await lossesOf(page, 'sgd-2')))).toBeGreaterThan(1e4);
  const ticks = await yTicks(page);
  // The calm run's losses (about 0.5 to 2.5) set the range, not the diverged run's last values.
  expect(ticks.length).toBeGreaterThan(1);
  expect(Math.max(...ticks.map((t) => Number(t.text)))).toBeLessThan(10);
  const mark = page.locator('figure[data-chart="loss"] [data-testid="diverged-mark"]').first();
  await expect(mark).toHaveAttribute('aria-label', /SGD 2: .* then diverged/);
  const calm = page.locator('figure[data-chart="loss"] .series-line[data-key="sgd"] path');
  const height = (await calm.boundingBox())?.height ?? 0;
  expect(height).toBeGreaterThan(40); // a readable curve, not a flat line on 0
  // Training is over, and the throughput still gives the figure it ran at, not "0 examples/s".
  await expect(page.getByTestId('throughput')).toHaveText(/· [1-9][\d,]* examples\/s/);
  expect(errors).toEqual([]);
});

test('a large loss is labelled in full on the axis and in the table', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await importFile(page, 'big.json', Buffer.from(bundle([1.2e20, 1.5e20, 1.7e20])));
  await expect(page.locator('figure[data-chart="loss"] .series-line[data-key="import-1/big"]')).toHaveCount(
    1,
  );
  const ticks = await yTicks(page);
  // 1.2e20 to 1.8e20 in steps of 2e19: every label whole, exponent included (not ".5e+20").
  expect(ticks.map((t) => t.text)).toEqual(['1.2e20', '1.4e20', '1.6e20', '1.8e20']);
  for (const tick of ticks) expect(tick.inset, tick.text).toBeGreaterThanOrEqual(0);
  const row = page.locator('[data-testid="run-summary"] tr[data-run="import-1/big"]');
  await expect(row.getByTestId('latest-loss')).toHaveText('1.7e20');
});

test('a bundle from a newer version says which version this page reads', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await importFile(page, 'new.json', Buffer.from(bundle([1, 2], { bundleVersion: 2 })));
  await expect(notices(page)).toHaveText(
    /Could not import new\.json: bundleVersion: this bundle comes from a newer version of the app \(bundleVersion 2\); this page reads bundleVersion 1/,
  );
});

test('a binary file is "not a JSON file", without its bytes', async ({ page }) => {
  await page.goto('/?backend=wasm');
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  await importFile(page, 'picture.png', png);
  await expect(notices(page)).toContainText('Could not import picture.png: not a JSON file');
  await expect(notices(page)).not.toContainText('PNG');
});

test('a link with rho=abc says it is not a number', async ({ page }) => {
  await page.goto('/?backend=wasm&runs=sgd,sam(rho=abc)');
  await expect(notices(page)).toHaveText(/rho="abc" is not a number; using the default/);
});

test("SGD's ρ field says it serves only the sharpness probe", async ({ page }) => {
  await page.goto('/?backend=wasm&runs=sgd');
  const card = page.locator('article.run-card[data-run="sgd"]');
  await expect(card.getByText(/Used only by the sharpness probe/).first()).toBeVisible();
});

test('axe finds no violations, idle and while training', async ({ page }) => {
  await page.goto('/?backend=wasm&model=tiny-cnn&batch=16&steps=400&evalExamples=100&evalEvery=20');
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await expectNoAxeViolations(page);
  await train(page);
  await expect
    .poll(() => readState(page, (s) => s.runs.get('sgd')?.evaluations.length ?? 0), { timeout: 60_000 })
    .toBeGreaterThan(1);
  await expect(page.getByTestId('status')).toHaveText('Training');
  await expectNoAxeViolations(page);
});
