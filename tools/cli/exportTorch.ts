/**
 * Writes the experiment of a share link as a self-contained PyTorch script (the page's "Export PyTorch
 * script" button writes the same file):
 *   npm run export:torch -- --link '<share link>' [--weights run.json] --out experiment.py
 * `--weights` takes initial weights in tfjs layouts: the page's weights export ({"tensors": [{shape,
 * values}…]}) or a parity case ({"params": [{shape, values}…]}). Exit codes: 0 written, 1 failed, 2 bad flags.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { version } from '../../package.json';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { decodeConfig } from '../../src/config/url';
import { torchScript } from '../../src/export/torchScript';
import { flagsOf, runTool, text, UsageError } from '../common/flags';
import { TORCH_TEMPLATE_PATH } from './exportTorchPaths';
import { readWeights, readWeightsSeed } from './exportWeights';

const USAGE = "usage: npm run export:torch -- --link '<share link>' [--weights run.json] --out experiment.py";
const FLAGS = { link: text(), weights: text(), out: text('experiment.py') };

async function main(argv: string[]): Promise<number> {
  const values = flagsOf(argv, FLAGS, USAGE).values;
  // text() flags without a fallback are typed `undefined`; they hold the given string.
  const link = (values.link as string | undefined) ?? '';
  const weights = values.weights as string | undefined;
  const out = values.out;
  if (!link) throw new UsageError(['--link: give the share link (Copy link on the page)']);
  const search = link.includes('?') ? link.slice(link.indexOf('?') + 1) : link;
  const decoded = decodeConfig(search, DEFAULT_CONFIG);
  for (const problem of decoded.problems) console.error(`export:torch: link: ${problem}`);
  const script = torchScript(readFileSync(TORCH_TEMPLATE_PATH, 'utf8'), {
    config: decoded.config,
    link,
    appVersion: version,
    ...(weights ? { weights: readWeights(weights), weightsSeed: readWeightsSeed(weights) } : {}),
  });
  writeFileSync(out, script);
  console.error(`export:torch: wrote ${out} (${decoded.config.runs.length} runs; python3 ${out} --help)`);
  return 0;
}

runTool('export:torch', USAGE, main);
