/**
 * The user's own data beyond CIFAR-10 (datasets.spec.ts): IDX and CSV files dropped on the page train,
 * their first evaluation (step 0) carries the memorisation numbers and the decision boundary, and a
 * link naming such a dataset, opened where the files are not, asks for them and then trains, and new
 * files of the format in use replace the old ones.
 */
import { expect, type Page, test } from '@playwright/test';
import { describeStoredFiles } from '../src/ui/userData';
import { cifarBatch, type DataFiles, dropFiles, idxSet, pickable, pointsCsv, trainCount } from './dataFiles';
import { collectErrors, readState, waitForSteps } from './helpers';

const TRAIN = () => ({ name: 'Train', exact: true });
/** A starved machine (the 2 shared cores at a load of 40) took over a minute to load a toy set. */
const SLOW = { timeout: 300_000 };
test.setTimeout(900_000);

/** SGD's first evaluation as the page holds it: its step and which regime numbers it carries. */
function firstSgdEvaluation(page: Page) {
  return readState(page, (s) => {
    const first = s.runs.get('sgd')?.evaluations[0] as
      | { step: number; noisyTrueAccuracy?: number; noisyLabelAccuracy?: number; boundary?: unknown }
      | undefined;
    return (
      first && {
        step: first.step,
        memorisation:
          typeof first.noisyTrueAccuracy === 'number' && typeof first.noisyLabelAccuracy === 'number',
        boundary: first.boundary !== undefined,
      }
    );
  });
}

test('dropped IDX files train a step, and with label noise the memorisation starts at step 0', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&data=mnist&noise=symmetric:0.4&model=tiny-cnn&batch=16&evalExamples=20&evalEvery=5&steps=50&backend=wasm&runs=sgd',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  await dropFiles(page, idxSet(60, 20));
  await expect(page.getByLabel('Dataset')).toHaveValue('idx:idx-files');
  await expect.poll(() => trainCount(page), SLOW).toBe(60);
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  await page.getByRole('button', TRAIN()).click();
  await waitForSteps(page, ['sgd'], 1, SLOW.timeout);
  await expect.poll(() => firstSgdEvaluation(page), SLOW).toMatchObject({ step: 0, memorisation: true });
  await expect(
    page.locator('figure[data-chart="noisyTrueAccuracy"] .series-line path').first(),
  ).toHaveAttribute('d', /M/);
  expect(errors).toEqual([]);
});

/** The page's line naming the files behind the dataset, as it should read for `files`. */
const filesLine = (name: string, files: DataFiles) =>
  `Files of ${name}: ${describeStoredFiles({
    files: Object.entries(files).map(([file, bytes]) => ({ name: file, bytes: bytes.length })),
    savedAt: 0,
  })}`;

test('new IDX files dropped while the old ones train replace them: a new experiment on the new files, kept over a reload', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&data=mnist&model=tiny-cnn&batch=16&evalExamples=20&evalEvery=5&steps=100000&backend=wasm&runs=sgd',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  const first = idxSet(60, 20);
  await dropFiles(page, first);
  await expect.poll(() => trainCount(page), SLOW).toBe(60);
  await expect(page.getByTestId('dataset-files')).toContainText(filesLine('idx:idx-files', first));
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  await page.getByRole('button', TRAIN()).click();
  await waitForSteps(page, ['sgd'], 3, SLOW.timeout);

  const second = idxSet(90, 30);
  await dropFiles(page, second);
  // Runs are training: the new files wait in the next experiment's setup, under a name of their own.
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('idx:idx-files-2');
  await expect(page.getByTestId('dataset-files')).toContainText(filesLine('idx:idx-files-2', second));
  await page.getByRole('button', { name: 'Apply and restart' }).click();
  await expect.poll(() => trainCount(page), SLOW).toBe(90);
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  // The old runs' results are gone with their experiment.
  expect(await readState(page, (s) => s.runs.get('sgd')?.steps.length ?? 0)).toBe(0);
  await page.getByRole('button', TRAIN()).click();
  await waitForSteps(page, ['sgd'], 1, SLOW.timeout);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page).toHaveURL(/data=idx(%3A|:)idx-files-2/);

  // The browser keeps the new files under the new name: a reload trains on them without asking.
  await page.reload();
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('idx:idx-files-2', SLOW);
  await expect.poll(() => trainCount(page), SLOW).toBe(90);
  await expect(page.getByTestId('missing-dataset')).toHaveCount(0);
  // The replaced files left the browser once the new experiment started: no longer offered.
  const offered = () =>
    page
      .getByLabel('Dataset', { exact: true })
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  // The page has read this browser's store once it lists the files (the list of names is read with it).
  await expect(page.getByTestId('dataset-files')).toContainText(filesLine('idx:idx-files-2', second));
  expect(await offered()).toContain('idx:idx-files-2');
  expect(await offered()).not.toContain('idx:idx-files');
  expect(errors).toEqual([]);
});

test('a dropped CSV of 2-D points trains a step, and its decision boundary starts at step 0', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&data=spiral&model=mlp-2d&batch=8&evalExamples=12&evalEvery=5&steps=50&backend=wasm&runs=sgd',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  await dropFiles(page, { 'points.csv': pointsCsv(60) });
  await expect(page.getByLabel('Dataset')).toHaveValue('csv:points.csv');
  // Every 5th row tests: 48 of the 60 rows train.
  await expect.poll(() => trainCount(page), SLOW).toBe(48);
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  await page.getByRole('button', TRAIN()).click();
  await waitForSteps(page, ['sgd'], 1, SLOW.timeout);
  await expect.poll(() => firstSgdEvaluation(page), SLOW).toMatchObject({ step: 0, boundary: true });
  await expect(page.getByTestId('boundary-sgd')).toHaveAttribute('data-step', /^\d+$/);
  expect(errors).toEqual([]);
});

test('a link to own CSV data, opened in a fresh browser, asks for the file by name and then trains', async ({
  page,
  browser,
}) => {
  await page.goto(
    '/?v=2&data=spiral&model=mlp-2d&batch=8&evalExamples=12&evalEvery=5&steps=50&backend=wasm&runs=sgd',
  );
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  await dropFiles(page, { 'points.csv': pointsCsv(60) });
  await expect.poll(() => trainCount(page), SLOW).toBe(48);
  const link = page.url();

  const elsewhere = await browser.newContext();
  const fresh = await elsewhere.newPage();
  const errors = collectErrors(fresh);
  await fresh.goto(link);
  const prompt = fresh.getByTestId('missing-dataset');
  await expect(prompt).toContainText('csv:points.csv');
  await expect(prompt).toContainText('“points.csv”');
  await expect(fresh.getByTestId('status')).toHaveText('Waiting for your files');
  await expect(fresh.getByRole('button', TRAIN())).toBeDisabled();
  // The rest of the page works meanwhile: the setup can still be edited.
  await expect(fresh.getByLabel('Dataset', { exact: true })).toBeEnabled();
  await expect(fresh.getByTestId('error')).toHaveCount(0);
  await fresh.getByTestId('missing-dataset-input').setInputFiles(pickable({ 'my copy.csv': pointsCsv(60) }));
  await expect(prompt).toHaveCount(0);
  await expect.poll(() => trainCount(fresh), SLOW).toBe(48);
  await expect(fresh.getByTestId('status')).toHaveText('Ready', SLOW);
  await expect(fresh.getByLabel('Dataset', { exact: true })).toHaveValue('csv:points.csv');
  await fresh.getByRole('button', TRAIN()).click();
  await waitForSteps(fresh, ['sgd'], 1, SLOW.timeout);
  expect(errors).toEqual([]);
  await elsewhere.close();
});

test('the prompt for CIFAR-10 batches gathers them over two picks and says what is still missing', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(
    '/?v=2&data=cifar10:cifar-10-batches-bin&model=tiny-cnn&batch=16&evalExamples=32&backend=wasm&runs=sgd',
  );
  const prompt = page.getByTestId('missing-dataset');
  await expect(prompt).toContainText('data_batch_1.bin … data_batch_5.bin');
  await expect(prompt).toContainText('test_batch.bin');
  const input = page.getByTestId('missing-dataset-input');
  await input.setInputFiles(pickable({ 'data_batch_1.bin': cifarBatch(64) }));
  await expect(prompt).toContainText('still missing: test_batch.bin');
  await input.setInputFiles(pickable({ 'test_batch.bin': cifarBatch(32) }));
  await expect(prompt).toHaveCount(0);
  await expect.poll(() => trainCount(page), SLOW).toBe(64);
  await expect(page.getByTestId('status')).toHaveText('Ready', SLOW);
  expect(errors).toEqual([]);
});
