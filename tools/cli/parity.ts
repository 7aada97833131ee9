/**
 * Runs a parity case and prints the result as JSON (float64 numbers) on stdout:
 *   npm run --silent parity -- case.json        (or - for stdin; --backend wasm to check that backend)
 * Exit codes: 0 done, 1 failed while running, 2 bad arguments or a malformed case (message names the field).
 */
import { readFile } from 'node:fs/promises';
import { type BackendChoice, quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { parseParityCase, runParityCase } from './parityCase';

const USAGE =
  'usage: npm run --silent parity -- CASE.json|- [--backend cpu|wasm]   (format: README.md, "Headless CLI")';

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { file, backend } = parseArgs(argv);
  const text =
    file === '-'
      ? await readStdin()
      : await readFile(file, 'utf8').catch(() => {
          throw new UsageError(`cannot read ${file}`);
        });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseParityCase(json);
  if (!parsed.ok) throw new UsageError(parsed.errors.join('\n'));
  quietTfjs();
  await selectNodeBackend(backend);
  let result: Awaited<ReturnType<typeof runParityCase>>;
  try {
    result = await runParityCase(parsed.value);
  } catch (error) {
    // Weights that do not fit the layers are a malformed case too.
    throw new UsageError((error as Error).message);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

function parseArgs(argv: string[]): { file: string; backend: BackendChoice } {
  let file: string | undefined;
  let backend: BackendChoice = 'cpu';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--backend') {
      const value = argv[++i];
      if (value !== 'cpu' && value !== 'wasm')
        throw new UsageError(`--backend must be cpu or wasm, got "${value}"`);
      backend = value;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown flag ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one case file, got also ${arg}`);
  }
  if (file === undefined) throw new UsageError('missing the case file');
  return { file, backend };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const usage = error instanceof UsageError;
    for (const line of error.message.split('\n')) console.error(`parity: ${line}`);
    if (usage) console.error(USAGE);
    process.exit(usage ? 2 : 1);
  },
);
