/**
 * The probe schedule and settings (P, k, the adversaries' μ and α, the line's points) and the robust
 * ε list set on the page: a bad value is refused naming the field, good ones go into the share link,
 * and once training starts the scheduled λ_max is drawn and the robust evaluation attacks at the new ε list while the runs keep stepping. Then, mid-training, the
 * schedule is changed from the keyboard (every 30 steps, the trace instead of λ_max, P = 32) and the
 * records made from then on follow the new schedule and carry the new P.
 */
import { expect, type Page, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

const SETUP =
  '/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=100&evalEvery=30&steps=200000&runs=sgd,sam';

const step = (page: Page) => readState(page, (s) => s.progress?.step ?? 0);

/** Flips a probe's checkbox with the space bar, as a keyboard user would. */
async function toggleProbe(page: Page, kind: string): Promise<void> {
  await page.getByTestId('probe-settings').locator(`input[data-probe-kind="${kind}"]`).press('Space');
}

/** Types into a labelled field and commits it with Enter, as a keyboard user would. */
async function setField(page: Page, label: string, text: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(text);
  await field.press('Enter');
}

type Records = {
  probes: { kind: string; runId: string; step: number; settings?: { size?: number } }[];
};
type Robust = { robust?: { eps: number[] }[] };

test('a probe schedule and an ε list set on the page reach the link and the charts while the runs step', async ({
  page,
}) => {
  test.setTimeout(1_500_000);
  const errors = collectErrors(page);
  await page.goto(SETUP);
  await expect(page.getByTestId('status')).toHaveText('Ready', { timeout: 240_000 });

  const settings = page.getByTestId('probe-settings');
  for (const kind of ['trace', 'common'])
    await settings.locator(`input[data-probe-kind="${kind}"]`).uncheck();
  await setField(page, 'Probe batch P', '64');
  await setField(page, 'Power iterations k', '4');
  // The common-ρ adversaries' μ and α and the line's points: a bad value is refused naming the field.
  await setField(page, 'Probe Q temperature μ', '0');
  await expect(settings).toContainText('Probe Q temperature μ must be > 0 and ≤ 100');
  await setField(page, 'Probe Q temperature μ', '2');
  await setField(page, 'Probe Q_tanh slope α', '0.5');
  await setField(page, 'Line points', '9');
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

  // The share link (the address bar holds the same link) has them.
  await expect.poll(() => page.url()).toContain('eps=2,8');
  const link = new URL(page.url()).searchParams;
  expect([
    link.get('probes'),
    link.get('probeEvery'),
    link.get('probeSize'),
    link.get('probeIterations'),
    link.get('probeMu'),
    link.get('probeAlpha'),
    link.get('probeLinePoints'),
  ]).toEqual(['hessian', '20', '64', '4', '2', '0.5', '9']);
  expect([link.get('robust'), link.get('robustExamples')]).toEqual(['fgsm', '50']);

  await expect(page.getByTestId('status')).toHaveText('Ready', { timeout: 240_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  // The schedule fires on multiples of 20 for both runs, and λ_max is drawn, a line per run.
  const probed = () =>
    readState(page, (s) => (s as unknown as Records).probes.map((r) => [r.kind, r.runId, r.step % 20]));
  await expect.poll(probed, { timeout: 600_000 }).toEqual(
    expect.arrayContaining([
      ['hessian', 'sgd', 0],
      ['hessian', 'sam', 0],
    ]),
  );
  for (const record of await probed()) expect([record[0], record[2]]).toEqual(['hessian', 0]);
  // Read from the DOM by evaluation: under this load Playwright's locators wait on frames for minutes.
  const lambdaLines = () =>
    page.evaluate(() => {
      const figure = document.querySelector('[data-testid="probes"] figure[data-chart="probe-lambda"]');
      figure?.scrollIntoView();
      return figure?.querySelectorAll('.recharts-line').length ?? 0;
    });
  await expect.poll(lambdaLines, { timeout: 300_000 }).toBe(2);

  // The robust evaluation attacks at the ε list typed; training goes on meanwhile.
  const drawnAt = await step(page);
  const eps = () =>
    readState(page, (s) => (s.runs.get('sgd') as unknown as Robust | undefined)?.robust?.at(-1)?.eps);
  await expect.poll(eps, { timeout: 300_000 }).toEqual([2, 8]);
  await expect.poll(() => step(page), { timeout: 300_000 }).toBeGreaterThan(drawnAt + 5);
  await expect(page.getByTestId('status')).toHaveText('Training');

  // Mid-training, from the keyboard: every 30 steps, the trace instead of λ_max, then P = 32.
  await setField(page, 'Probe every (steps)', '30');
  await toggleProbe(page, 'trace');
  await toggleProbe(page, 'hessian');
  await setField(page, 'Probe batch P', '32');
  await expect(page.getByTestId('probe-schedule')).toHaveText(
    'Every 30 steps, on every run: Hessian trace (Hutchinson).',
  );
  await expect.poll(() => page.url()).toContain('probeSize=32');
  expect(new URL(page.url()).searchParams.get('probeEvery')).toBe('30');
  // Records under the new P: traces of both runs, on multiples of 30, still while the runs step.
  const underNewP = () =>
    readState(page, (s) =>
      (s as unknown as Records).probes
        .filter((r) => r.settings?.size === 32)
        .map((r) => [r.kind, r.runId, r.step % 30]),
    );
  await expect.poll(underNewP, { timeout: 300_000 }).toEqual(
    expect.arrayContaining([
      ['trace', 'sgd', 0],
      ['trace', 'sam', 0],
    ]),
  );
  for (const record of await underNewP()) expect([record[0], record[2]]).toEqual(['trace', 0]);
  const traceNote = () =>
    page.evaluate(
      () =>
        document.querySelector('figure[data-chart="probe-trace"] [data-testid="probe-measured"]')
          ?.textContent,
    );
  await expect.poll(traceNote, { timeout: 120_000 }).toContain('P = 32, n = 10');
  const changedAt = await step(page);
  await expect.poll(() => step(page), { timeout: 300_000 }).toBeGreaterThan(changedAt);
  await expect(page.getByTestId('status')).toHaveText('Training');
  expect(errors).toEqual([]);
});
