/**
 * Cross-checks the engine against the PyTorch reference (tools/bench/torch_parity.py, written from
 * ALGORITHMS.md) on the cases of torchParityCases.ts, through the same code path as `npm run parity`:
 *   npm run parity:torch [-- --backend cpu|wasm] [--write-fixtures]
 * Prints a table of the differences. `--write-fixtures` also writes the PyTorch outputs to
 * tools/cli/fixtures/torch/, which torchParity.test.ts checks the engine against where torch is absent.
 * Exit codes: 0 all within tolerance, or skipped because no python3 has torch; 1 a mismatch or a
 * failure; 2 bad arguments.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { choice, flagsOf, runTool, toggle } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { type ParityResult, parseParityCase, runParityCase } from './parityCase';
import { TORCH_FIXTURE_DIR, type TorchFixture, torchFixturePath, torchParityCases } from './torchParityCases';
import { compareParity, parityTable, TORCH_TOLERANCE } from './torchParityCompare';

const USAGE = 'usage: npm run parity:torch -- [--backend cpu|wasm] [--write-fixtures]';
const TORCH_PARITY_FLAGS = { backend: choice(['cpu', 'wasm'], 'cpu'), writeFixtures: toggle() };
/** Debian's python3 first: a pyenv or venv python3 earlier on PATH usually lacks python3-torch. */
const PYTHONS = ['/usr/bin/python3', 'python3'];
const SCRIPT = 'tools/bench/torch_parity.py';

/** A python3 that imports torch, with torch's version; undefined when there is none. */
function findTorchPython(): { python: string; version: string } | undefined {
  for (const python of PYTHONS) {
    try {
      const version = execFileSync(python, ['-c', 'import torch; print(torch.__version__)'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      return { python, version };
    } catch {
      // not there, or no torch: try the next
    }
  }
  return undefined;
}

function runTorch(python: string, parsedCase: unknown): ParityResult {
  const stdout = execFileSync(python, [SCRIPT, '-'], {
    input: JSON.stringify(parsedCase),
    encoding: 'utf8',
    timeout: 300_000,
  });
  return JSON.parse(stdout) as ParityResult;
}

/** 10 significant digits: far below the tolerance, and half the size of full float64 in the fixture files. */
function rounded(result: ParityResult): ParityResult {
  const r = (value: number) => Number(value.toPrecision(10));
  return {
    params: result.params.map(({ shape, values }) => ({ shape, values: values.map(r) })),
    steps: result.steps.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, r(v)]))),
  };
}

async function main(argv: string[]): Promise<number> {
  const { backend, writeFixtures } = flagsOf(argv, TORCH_PARITY_FLAGS, USAGE).values;
  const torch = findTorchPython();
  if (!torch) {
    console.log(
      `parity:torch: skipped: no python3 with torch (tried ${PYTHONS.join(', ')}; apt-get install python3-torch)`,
    );
    return 0;
  }
  quietTfjs();
  await selectNodeBackend(backend);
  const rows: { name: string; diff: ReturnType<typeof compareParity> }[] = [];
  const written: string[] = [];
  for (const { name, case: raw } of torchParityCases()) {
    const parsed = parseParityCase(raw);
    if (!parsed.ok) throw new Error(`${name}: ${parsed.errors.join('; ')}`);
    const reference = runTorch(torch.python, parsed.value);
    const engine = await runParityCase(parsed.value);
    rows.push({ name, diff: compareParity(engine, reference, TORCH_TOLERANCE) });
    if (writeFixtures) {
      mkdirSync(TORCH_FIXTURE_DIR, { recursive: true });
      const fixture: TorchFixture = { name, torch: torch.version, case: raw, result: rounded(reference) };
      writeFileSync(torchFixturePath(name), `${JSON.stringify(fixture)}\n`);
      written.push(torchFixturePath(name));
    }
  }
  if (written.length > 0) {
    // In the repository's JSON style, so `npm run lint` stays clean.
    execFileSync('node_modules/.bin/biome', ['format', '--write', ...written], { stdio: 'ignore' });
    console.log(`wrote ${written.length} fixtures to ${TORCH_FIXTURE_DIR}/`);
  }
  console.log(
    `engine (${backend}, float32) vs PyTorch ${torch.version} (float64), ${torch.python} ${SCRIPT}\n`,
  );
  console.log(parityTable(rows, TORCH_TOLERANCE));
  const failed = rows.filter((row) => row.diff.failures.length > 0);
  for (const { name, diff } of failed)
    for (const failure of diff.failures.slice(0, 5)) console.error(`parity:torch: ${name}: ${failure}`);
  return failed.length > 0 ? 1 : 0;
}

runTool('parity:torch', USAGE, main);
