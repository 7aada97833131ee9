/**
 * Cross-checks the engine against the PyTorch reference (tools/bench/torch_parity.py, written from
 * ALGORITHMS.md) on the cases of torchParityCases.ts, and the probes against the exact Hessian
 * (tools/bench/torch_probe_parity.py) on those of probeParity.ts, and the robust evaluation's attacks
 * against tools/bench/torch_robust.py (torchRobustParity.ts), through the same code path as `npm run parity`:
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
import { findTorchPython, PYTHONS, runTorchScript, tenDigits } from '../common/torchPython';
import { type ParityResult, parseParityCase, runParityCase } from './parityCase';
import { probeParityTable } from './probeParityCompare';
import { TORCH_FIXTURE_DIR, type TorchFixture, torchFixturePath, torchParityCases } from './torchParityCases';
import { compareParity, parityTable, TORCH_TOLERANCE } from './torchParityCompare';
import { PROBE_SCRIPT, probeParityRows } from './torchProbeParity';
import { ROBUST_SCRIPT, robustParityCheck } from './torchRobustParity';

const USAGE = 'usage: npm run parity:torch -- [--backend cpu|wasm] [--write-fixtures]';
const TORCH_PARITY_FLAGS = { backend: choice(['cpu', 'wasm'], 'cpu'), writeFixtures: toggle() };
const SCRIPT = 'tools/bench/torch_parity.py';

function rounded(result: ParityResult): ParityResult {
  const r = tenDigits;
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
    const reference = runTorchScript<ParityResult>(torch.python, SCRIPT, parsed.value);
    const engine = await runParityCase(parsed.value);
    rows.push({ name, diff: compareParity(engine, reference, TORCH_TOLERANCE) });
    if (writeFixtures) {
      mkdirSync(TORCH_FIXTURE_DIR, { recursive: true });
      const fixture: TorchFixture = { name, torch: torch.version, case: raw, result: rounded(reference) };
      writeFileSync(torchFixturePath(name), `${JSON.stringify(fixture)}\n`);
      written.push(torchFixturePath(name));
    }
  }
  const probes = await probeParityRows(torch, writeFixtures);
  written.push(...probes.written);
  const robust = await robustParityCheck(torch, writeFixtures);
  written.push(...robust.written);
  if (written.length > 0) {
    // In the repository's JSON style, so `npm run lint` stays clean.
    execFileSync('node_modules/.bin/biome', ['format', '--write', ...written], { stdio: 'ignore' });
    console.log(`wrote ${written.length} fixtures to ${TORCH_FIXTURE_DIR}/`);
  }
  console.log(
    `engine (${backend}, float32) vs PyTorch ${torch.version} (float64), ${torch.python} ${SCRIPT}\n`,
  );
  console.log(parityTable(rows, TORCH_TOLERANCE));
  console.log(`\nprobes: engine (double-backprop HVP) vs PyTorch's exact Hessian, ${PROBE_SCRIPT}\n`);
  console.log(probeParityTable(probes.rows));
  console.log(`\nrobust evaluation: engine attacks vs ${ROBUST_SCRIPT}\n`);
  console.log(robust.table);
  const failed = [...rows, ...probes.rows].filter((row) => row.diff.failures.length > 0);
  for (const { name, diff } of failed)
    for (const failure of diff.failures.slice(0, 5)) console.error(`parity:torch: ${name}: ${failure}`);
  for (const failure of robust.failures.slice(0, 10)) console.error(`parity:torch: ${failure}`);
  return failed.length > 0 || robust.failures.length > 0 ? 1 : 0;
}

runTool('parity:torch', USAGE, main);
