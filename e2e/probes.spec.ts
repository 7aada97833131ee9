/**
 * Probes mid-training: λ_max of every run and a 2-D loss surface are requested while the runs train;
 * both are drawn (a line per run, a heatmap with contour lines) and the runs keep stepping meanwhile.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

// On-demand probes only (`probes=` schedules none), on a probe batch of 128 with 8 power iterations.
const SETUP =
  '/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=100&evalEvery=5000&steps=200000&runs=sgd,sam' +
  '&probes=&probeSize=128&probeIterations=8';

const step = (page: import('@playwright/test').Page) => readState(page, (s) => s.progress?.step ?? 0);

test('λ_max and a 2-D landscape requested mid-training are drawn while the runs keep stepping', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const errors = collectErrors(page);
  await page.goto(SETUP);
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(20);
  const probes = page.getByTestId('probes');
  await probes.locator('button[data-probe="hessian"]').click();
  await probes.locator('button[data-probe="surface"]').click();
  const requestedAt = await step(page);
  const lambda = probes.locator('figure[data-chart="probe-lambda"]');
  await lambda.scrollIntoViewIfNeeded();
  await expect(lambda.locator('.recharts-line')).toHaveCount(2, { timeout: 150_000 });
  const surface = probes.locator('figure[data-chart="probe-surface"]');
  // Plain SVG, drawn whether in view or not (no scrolling: the progress list above it moves it).
  await expect(surface.locator('svg.probe-svg rect')).toHaveCount(21 * 21, { timeout: 150_000 });
  await expect(surface.locator('path.probe-contours')).toHaveAttribute('d', /M.+L/);
  // Training went on while the probes ran, and is still going.
  const drawnAt = await step(page);
  expect(drawnAt).toBeGreaterThan(requestedAt + 20);
  await expect.poll(() => step(page), { timeout: 60_000 }).toBeGreaterThan(drawnAt);
  await expect(page.getByTestId('status')).toHaveText('Training');
  type Spent = {
    kind: string;
    runId: string;
    spend: { gradientEvaluations: number; forwardEvaluations: number };
  };
  const records = await readState(page, (s) => (s as unknown as { probes: Spent[] }).probes);
  expect(records.map((r) => [r.kind, r.runId])).toEqual(
    expect.arrayContaining([
      ['hessian', 'sgd'],
      ['hessian', 'sam'],
      ['surface', 'sgd'],
    ]),
  );
  // Each carries its cost: 2 gradients per power iteration (8), 441 forward passes for the surface.
  for (const r of records)
    expect(r.spend.gradientEvaluations + r.spend.forwardEvaluations).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(errors).toEqual([]);
});
