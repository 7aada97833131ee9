/**
 * The engine on one backend against the committed PyTorch outputs (tools/cli/fixtures/torch), with no
 * torch needed: how the `webgpu` backend, run in Node on Dawn, is cross-checked on machines without a
 * GPU (SwiftShader) and on GPU machines alike.
 *   npm run parity:fixtures -- [--backend webgpu|wasm|cpu] [--cases a,b] [--if-available]
 * `--if-available`: when Dawn finds no adapter, say "skipped" and exit 0 (the `npm test` smoke).
 * Exit codes: 0 all within tolerance (or skipped), 1 a mismatch or a failure, 2 bad flags.
 */
import { readFileSync } from 'node:fs';
import { rerunWithDawnEnvironment } from '../common/dawnEnvironment';
import { choice, flagsOf, list, runTool, toggle } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { parseParityCase, runParityCase } from './parityCase';
import { type TorchFixture, torchFixturePath, torchParityCases } from './torchParityCases';
import { compareParity, parityTable, TORCH_TOLERANCE, type Tolerance } from './torchParityCompare';

// Before the cases are built (on tfjs's default backend), so no "install tfjs-node" banner.
quietTfjs();
const CASES = torchParityCases().map(({ name }) => name);

const USAGE = `usage: npm run parity:fixtures -- [--backend webgpu|wasm|cpu] [--cases LIST] [--if-available]
  --cases LIST     some of: ${CASES.join(', ')} (default all)`;

const FLAGS = {
  backend: choice(['webgpu', 'wasm', 'cpu'], 'webgpu'),
  cases: list(CASES, CASES),
  ifAvailable: toggle(),
};

/**
 * The project's bar for WebGPU. On SwiftShader every case lands within 2e-7 (as wasm and cpu do), but
 * a hardware GPU's fused multiply-adds, exp/log and reduction orders may drift further; 1e-4 still
 * catches a 1% error in ρ (2e-4 or more in the weights, torchParityCompare.ts).
 */
const WEBGPU_TOLERANCE: Tolerance = { atol: 1e-4, rtol: 0 };

async function main(argv: string[]): Promise<number> {
  const { backend, cases, ifAvailable } = flagsOf(argv, FLAGS, USAGE).values;
  if (backend === 'webgpu') {
    const rerun = rerunWithDawnEnvironment();
    if (rerun !== undefined) return rerun;
  }
  let started: string;
  try {
    started = (await selectNodeBackend(backend)).backend;
  } catch (error) {
    if (!ifAvailable) throw error;
    console.log(`parity:fixtures: skipped: ${(error as Error).message}`);
    return 0;
  }
  const tolerance = backend === 'webgpu' ? WEBGPU_TOLERANCE : TORCH_TOLERANCE;
  const rows = [];
  for (const name of cases) {
    const fixture: TorchFixture = JSON.parse(readFileSync(torchFixturePath(name), 'utf8'));
    const parsed = parseParityCase(fixture.case);
    if (!parsed.ok) throw new Error(`${name}: ${parsed.errors.join('; ')}`);
    const engine = await runParityCase(parsed.value);
    rows.push({ name, diff: compareParity(engine, fixture.result, tolerance) });
  }
  console.log(`engine (${started}, float32) vs the committed PyTorch fixtures (float64)\n`);
  console.log(parityTable(rows, tolerance));
  const failed = rows.filter((row) => row.diff.failures.length > 0);
  for (const { name, diff } of failed) console.log(`\n${name}: ${diff.failures.slice(0, 5).join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}

runTool('parity:fixtures', USAGE, main);
