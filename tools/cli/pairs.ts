/**
 * `npx tsx tools/cli/pairs.ts RESULT.json [RUN~BASELINE ...]`: every pair of runs of a `npm run train -- --seeds …
 * --json` result compared by seed (the train CLI compares with one baseline only); see pairReport.ts.
 */
import { readFile } from 'node:fs/promises';
import { runTool, UsageError } from '../common/flags';
import { pairReport, type TrainResult } from './pairReport';

const USAGE = 'usage: npx tsx tools/cli/pairs.ts RESULT.json [RUN~BASELINE ...]';

async function main(argv: string[]): Promise<number> {
  const [file, ...pairArgs] = argv;
  if (!file) throw new UsageError(['name a result file written by npm run train -- --json']);
  const result = JSON.parse(await readFile(file, 'utf8')) as TrainResult;
  const pairs = pairArgs.length ? pairArgs.map((p) => p.split('~') as [string, string]) : undefined;
  console.log(pairReport(result, pairs).join('\n'));
  return 0;
}

runTool('pairs', USAGE, main);
