/**
 * Bring it back: a bundle written by the exported PyTorch script (run here with torchrun on 2 ranks when
 * a python3 has torch, else the committed e2e/fixtures/torch-bundle.json the script wrote) imports next
 * to a live run, named as PyTorch's, with "PyTorch, 2 ranks, cpu" on its import.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEFAULT_CONFIG } from '../src/config/defaults';
import { decodeConfig } from '../src/config/url';
import { torchScript } from '../src/export/torchScript';
import { TORCH_TEMPLATE_PATH, TORCHRUN_TWO_RANKS } from '../tools/cli/exportTorchPaths';
import { findTorchPython } from '../tools/common/torchPython';
import { collectErrors, readState } from './helpers';

const SEARCH = '?v=2&backend=wasm&model=tiny-cnn&batch=16&steps=6&evalEvery=3&evalExamples=100&runs=sgd';
const FIXTURE = 'e2e/fixtures/torch-bundle.json';

/** The script's bundle for the page's experiment: written now where torch is, else the committed one. */
function pytorchBundle(): string {
  const torch = findTorchPython();
  if (!torch) return readFileSync(FIXTURE, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'torch-e2e-'));
  const script = join(dir, 'experiment.py');
  const { config } = decodeConfig(SEARCH.slice(1), DEFAULT_CONFIG);
  const template = readFileSync(TORCH_TEMPLATE_PATH, 'utf8');
  writeFileSync(script, torchScript(template, { config, link: SEARCH, appVersion: 'e2e' }));
  const out = join(dir, 'bundle.json');
  execFileSync(torch.python, [...TORCHRUN_TWO_RANKS, script, '--data-dir', 'public/data', '--out', out], {
    stdio: 'ignore',
    timeout: 300_000,
  });
  return readFileSync(out, 'utf8');
}

test('a bundle from the exported PyTorch script draws next to a live run', async ({ page }) => {
  test.setTimeout(360_000);
  const errors = collectErrors(page);
  const bundle = pytorchBundle();
  await page.goto(`/${SEARCH}`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'pytorch.json', mimeType: 'application/json', buffer: Buffer.from(bundle) });
  await expect(page.getByTestId('imports')).toContainText(/PyTorch .*, 2 ranks, cpu/);
  await expect(page.locator('.legend-item')).toHaveText(['SGD', 'SGD (PyTorch) (imported)']);
  const [live, imported] = await readState(page, (s) => [
    s.runs.get('sgd')?.steps,
    s.imported[0]?.runs[0]?.series.steps,
  ]);
  expect(imported).toEqual(live);
  await expect(
    page.locator('figure[data-chart="loss"] .series-line path[stroke-dasharray="6 3"]'),
  ).not.toHaveCount(0);
  expect(errors).toEqual([]);
});
