/**
 * Two runs over three seeds on a tiny setup: bands around the means (training, robust and probe
 * charts), the paired verdict in the summary, and a CSV with one set of rows per seed. A sweep draws
 * accuracy against ρ and forks whole (every value, every seed).
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

// PGD-2 at two radii on 50 images, and λ_max on demand (4 power iterations on 64 images): cheap.
const ROBUST_AND_PROBES =
  '&robust=pgd&eps=2,8&pgdSteps=2&robustExamples=50&probes=&probeSize=64&probeIterations=4';

type WithProbes = { probes: unknown[] };

test('trains 2 runs × 3 seeds, draws bands, says the paired verdict and exports the seeds', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(
    `/?v=2&backend=wasm&model=tiny-cnn&batch=16&steps=6&evalEvery=3&evalExamples=100&runs=sgd,sam&seeds=3${ROBUST_AND_PROBES}`,
  );
  await expect(page.getByText('6 of at most 40 replicas.')).toBeVisible();
  // One step and λ_max of every seed there; then the rest and λ_max again: a band over two steps.
  const controls = page.getByRole('toolbar', { name: 'Training controls' });
  const probes = page.getByTestId('probes');
  const probeCount = () => readState(page, (s) => (s as unknown as WithProbes).probes.length);
  await controls.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('status')).toHaveText('Paused', { timeout: 120_000 });
  await probes.locator('button[data-probe="hessian"]').click();
  await expect.poll(probeCount, { timeout: 120_000 }).toBe(6);
  await controls.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  await probes.locator('button[data-probe="hessian"]').click();
  await expect.poll(probeCount, { timeout: 120_000 }).toBe(12);

  // Every run holds its three seeds and their mean.
  const replicas = await readState(page, (state) =>
    [...state.runs.entries()].map(([id, run]) => [
      id,
      (run as unknown as { replicas?: { steps: number[] }[] }).replicas?.map((r) => r.steps.length),
      run.steps.length,
    ]),
  );
  expect(replicas).toEqual([
    ['sgd', [6, 6, 6], 6],
    ['sam', [6, 6, 6], 6],
  ]);

  // A band per run on the training-loss chart.
  const lossChart = page.locator('[data-chart="loss"]');
  await expect(lossChart.locator('path.series-band')).toHaveCount(2);

  // And on the robust charts (over the steps, and against ε) and the λ_max chart, once measured.
  const robust = page.getByTestId('robust-charts');
  for (const chart of ['robust-pgd', 'robust-vs-eps']) {
    const figure = robust.locator(`figure[data-chart="${chart}"]`);
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator('path.series-band')).toHaveCount(2, { timeout: 120_000 });
    for (const band of await figure.locator('path.series-band').all())
      await expect(band).toHaveAttribute('d', /^M.+L.+Z$/);
  }
  const lambda = probes.locator('figure[data-chart="probe-lambda"]');
  await lambda.scrollIntoViewIfNeeded();
  await expect(lambda.locator('.recharts-area-area')).toHaveCount(2, { timeout: 120_000 });
  for (const band of await lambda.locator('.recharts-area-area').all())
    await expect(band).toHaveAttribute('d', /^M.+L/);

  // The paired verdict of SAM against the baseline SGD, over the three seeds.
  const statistics = page.getByTestId('seed-statistics');
  await expect(statistics.getByTestId('seed-accuracy')).toHaveCount(2);
  await expect(statistics.getByTestId('verdict')).toContainText(
    /SAM − SGD: [+−]?\d+\.\d\d ± \d+\.\d\d pts \(95% CI, n = 3\), p (= [\d.e-]+|< 0\.001|n\/a), (not )?significant at 5%|SAM − SGD: no difference on any of the 3 seeds/,
  );

  // λ_max and robust accuracy at the largest ε over seeds, with their paired verdicts too.
  const measures = statistics.getByTestId('seed-measures');
  await expect(measures.locator('thead th')).toHaveText(['Run', 'λ_max', 'clean %', 'PGD-2 8 %']);
  await expect(measures.getByTestId('measure-verdict')).toHaveText([
    /^λ_max: SAM − SGD: /,
    /^clean %: SAM − SGD: /,
    /^PGD-2 8 %: SAM − SGD: /,
  ]);

  // CSV: a seed column with seeds 1, 2 and 3 for each run.
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const [header, ...rows] = (await readFile(await file.path(), 'utf8')).trimEnd().split('\r\n');
  const columns = header?.split(',') ?? [];
  expect(columns.slice(0, 5)).toEqual(['run_id', 'run_name', 'optimizer', 'seed', 'step']);
  const seeds = (runId: string) =>
    [
      ...new Set(
        rows
          .map((r) => r.split(','))
          .filter((r) => r[0] === runId)
          .map((r) => r[3]),
      ),
    ].sort();
  expect(seeds('sgd')).toEqual(['1', '2', '3']);
  expect(seeds('sam')).toEqual(['1', '2', '3']);
  expect(errors).toEqual([]);
});

test('a sweep over ρ draws the final accuracy against ρ with error bars over seeds, and forks whole', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&backend=wasm&model=tiny-cnn&batch=16&steps=3&evalEvery=3&evalExamples=100&runs=sam&seeds=2&sweep=sam.rho:0.02,0.1',
  );
  await expect(page.getByText('4 of at most 40 replicas.')).toBeVisible();
  // One step, then fork the swept run: each value forks with its two seeds.
  await page
    .getByRole('toolbar', { name: 'Training controls' })
    .getByRole('button', { name: 'Step' })
    .click();
  await expect(page.getByTestId('status')).toHaveText('Paused', { timeout: 120_000 });
  const swept = page.locator('article[data-run="sam"]');
  await expect(swept.getByTestId('run-state')).toHaveText(/ · step 1$/);
  await expect(swept).toContainText('Swept over 0.02, 0.1');
  // The swept knob shows every value it takes, not the first value's, and is set under Sweep only.
  const rho = swept.getByTestId('hp-rho').getByRole('textbox');
  await expect(rho).toHaveValue('0.02, 0.1');
  await expect(rho).toBeDisabled();
  await swept.getByRole('button', { name: 'Fork here' }).click();
  await expect(page.locator('article[data-run="sam-fork"]')).toContainText('forked from SAM at step 1');
  await expect(page.getByText('8 of at most 40 replicas.')).toBeVisible();
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
  const forkSeeds = await readState(page, (state) =>
    ['sam-fork@rho=0.02', 'sam-fork@rho=0.1'].map((id) =>
      (state.runs.get(id) as unknown as { replicas?: { steps: number[] }[] } | undefined)?.replicas?.map(
        (r) => r.steps,
      ),
    ),
  );
  expect(forkSeeds).toEqual([
    [
      [1, 2],
      [1, 2],
    ],
    [
      [1, 2],
      [1, 2],
    ],
  ]);
  const chart = page.getByTestId('sweep-chart');
  await expect(chart).toContainText('sam.rho');
  await expect(chart).toContainText('sam-fork.rho');
  await expect(chart.locator('.recharts-errorBar')).toHaveCount(4);
  expect(errors).toEqual([]);
});
