/**
 * Runs a parity case and prints the result as JSON (float64 numbers) on stdout:
 *   npm run --silent parity -- case.json        (or - for stdin; --backend wasm to check that backend)
 * Exit codes: 0 done, 1 failed while running, 2 bad arguments or a malformed case (message names the field).
 */
import { readFile } from 'node:fs/promises';
import { choice, flagsOf, runTool, UsageError } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { parseParityCase, runParityCase } from './parityCase';

const USAGE =
  'usage: npm run --silent parity -- CASE.json|- [--backend cpu|wasm]   (format: README.md, "Headless CLI")';
const PARITY_FLAGS = { backend: choice(['cpu', 'wasm'], 'cpu') };

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = flagsOf(argv, PARITY_FLAGS, USAGE, 1);
  const [file] = positionals;
  if (file === undefined) throw new UsageError(['missing the case file']);
  const text =
    file === '-'
      ? await readStdin()
      : await readFile(file, 'utf8').catch(() => {
          throw new UsageError([`cannot read ${file}`]);
        });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError([`${file} is not JSON: ${(error as Error).message}`]);
  }
  const parsed = parseParityCase(json);
  if (!parsed.ok) throw new UsageError(parsed.errors);
  quietTfjs();
  await selectNodeBackend(values.backend);
  let result: Awaited<ReturnType<typeof runParityCase>>;
  try {
    result = await runParityCase(parsed.value);
  } catch (error) {
    // Weights that do not fit the layers are a malformed case too.
    throw new UsageError([(error as Error).message]);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runTool('parity', USAGE, main);
