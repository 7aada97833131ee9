/**
 * Where the scheduled 1-D lines start, chosen on the page: the run goes into the share link
 * (`probeLineFrom`, which the PyTorch export honours too), and the scheduled lines of the other run
 * then start at its weights (`from` names it), while its own line starts at the initial weights.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, readState } from './helpers';

const SETUP =
  '/?backend=wasm&model=tiny-cnn&batch=16&evalExamples=50&evalEvery=1000&steps=200000&runs=sgd,sam' +
  '&probes=line&probeEvery=5&probeSize=16&probeLinePoints=3';

type Lines = { probes: { kind: string; runId: string; result: { from?: string } }[] };

test('a run chosen as the start of the scheduled lines reaches the link and starts the other runs’ lines', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const errors = collectErrors(page);
  await page.goto(SETUP);
  await expect(page.getByTestId('status')).toHaveText('Ready', { timeout: 240_000 });
  await page.getByLabel('Scheduled lines from', { exact: true }).selectOption('sgd');
  await expect(page.getByTestId('probe-schedule')).toHaveText(
    'Every 5 steps, on every run: 1-D line (SGD → each other run).',
  );
  await expect.poll(() => new URL(page.url()).searchParams.get('probeLineFrom')).toBe('sgd');

  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const starts = () =>
    readState(page, (s) =>
      (s as unknown as Lines).probes
        .filter((r) => r.kind === 'line')
        .map((r) => `${r.runId}←${r.result.from}`),
    );
  await expect.poll(starts, { timeout: 600_000 }).toEqual(expect.arrayContaining(['sgd←init', 'sam←sgd']));
  expect(new Set(await starts())).toEqual(new Set(['sgd←init', 'sam←sgd']));
  expect(errors).toEqual([]);
});
