/**
 * The probe schedule and the robust ε list edited on the page while runs train: a bad value is refused
 * naming the field, good ones apply without a restart and go into the share link, and the scheduled
 * λ_max and a run-to-run 1-D line are drawn while the runs keep stepping.
 */
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

const SETUP =
  '/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=100&evalEvery=30&steps=200000&runs=sgd,sam';

const step = (page: Page) => readState(page, (s) => s.progress?.step ?? 0);

/** Types into a labelled field and commits it with Enter, as a keyboard user would. */
async function setField(page: Page, label: string, text: string): Promise<void> {
  console.log(`${new Date().toISOString()} ${label} ← ${text}`);
  const field = page.getByLabel(label, { exact: true });
  await field.fill(text);
  await field.press('Enter');
}

type Records = { probes: { kind: string; runId: string; step: number }[] };
type Robust = { robust?: { eps: number[] }[] };

test('probe schedule and ε list set mid-training reach the link and the charts while the runs step', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const errors = collectErrors(page);
  await page.goto(SETUP);
  await expect(page.getByTestId('status')).toHaveText('Ready', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => step(page), { timeout: 120_000 }).toBeGreaterThan(3);

  const settings = page.getByTestId('probe-settings');
  for (const kind of ['trace', 'common'])
    await settings.locator(`input[data-probe-kind="${kind}"]`).uncheck();
  await setField(page, 'Probe batch P', '64');
  await setField(page, 'Power iterations k', '4');
  await setField(page, 'Probe every (steps)', '-5');
  await expect(page.getByTestId('probe-every')).toContainText(
    'Probe every (steps) must be a whole number ≥ 0 and ≤ 1000000',
  );
  await setField(page, 'Probe every (steps)', '20');
  await expect(page.getByTestId('probe-schedule')).toHaveText(
    'Every 20 steps, on every run: λ_max (power iteration).',
  );

  const robust = page.getByRole('group', { name: 'Robust evaluation' });
  await robust.getByRole('checkbox', { name: 'FGSM' }).check();
  await setField(page, 'Attacked test images E_r', '50');
  await setField(page, 'Radii ε (/255)', '2, 2');
  await expect(page.getByTestId('robust-eps')).toContainText('Radii ε (/255) lists 2 twice');
  await setField(page, 'Radii ε (/255)', '2, 8');

  // The share link (the address bar holds the same link) has them; no restart was asked for.
  await expect.poll(() => page.url()).toContain('eps=2,8');
  const link = new URL(page.url()).searchParams;
  expect([
    link.get('probes'),
    link.get('probeEvery'),
    link.get('probeSize'),
    link.get('probeIterations'),
  ]).toEqual(['hessian', '20', '64', '4']);
  expect([link.get('robust'), link.get('robustExamples')]).toEqual(['fgsm', '50']);
  await expect(page.locator('.draft-bar')).toHaveCount(0);

  // The schedule fires on multiples of 20 for both runs, and λ_max is drawn.
  const probes = page.getByTestId('probes');
  const lambda = probes.locator('figure[data-chart="probe-lambda"]');
  await lambda.scrollIntoViewIfNeeded();
  await expect(lambda.locator('.recharts-line')).toHaveCount(2, { timeout: 240_000 });
  const scheduled = await readState(page, (s) => (s as unknown as Records).probes);
  for (const record of scheduled) expect([record.kind, record.step % 20]).toEqual(['hessian', 0]);

  // A 1-D line between the two runs, drawn dashed next to nothing else on that chart.
  await probes.getByLabel('Line from', { exact: true }).selectOption('sgd');
  await probes.getByLabel('to', { exact: true }).selectOption('sam');
  const lineRequestedAt = await step(page);
  await probes.locator('button[data-probe="run-line"]').click();
  const line = probes.locator('figure[data-chart="probe-line"]');
  await expect(line.locator('.recharts-line path[stroke-dasharray="6 3"]')).toHaveCount(1, {
    timeout: 240_000,
  });

  // The next evaluation attacks at the new ε list; training went on all along.
  const eps = () =>
    readState(page, (s) => (s.runs.get('sgd') as unknown as Robust | undefined)?.robust?.at(-1)?.eps);
  await expect.poll(eps, { timeout: 240_000 }).toEqual([2, 8]);
  expect(await step(page)).toBeGreaterThan(lineRequestedAt + 5);
  await expect(page.getByTestId('status')).toHaveText('Training');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(errors).toEqual([]);
});
