/**
 * The entry point `pack.sh` bundles for a GPU machine: the headless WebGPU kit (bench/dawn.ts) with
 * its table printed, and the dispatch counts. It refuses a software or fallback adapter unless told,
 * since a "GPU" figure measured on SwiftShader would be a lie.
 *   node kit.mjs [--data DIR] [--batches 64,256,1024] [--steps N] [--allow-software]
 * Exit codes: 0 done, 1 failed (no adapter, a software one refused), 2 bad flags.
 */
import { rerunWithDawnEnvironment } from '../../common/dawnEnvironment';
import { flagsOf, int, list, runTool, text, toggle } from '../../common/flags';
import { benchDawn, DAWN_METHODS } from '../dawn';
import { addSgdRatios } from '../stats';
import { benchTable, memoryTable } from '../tables';

const USAGE = `usage: node kit.mjs [--data DIR] [--batches LIST] [--steps N] [--allow-software]
  --data DIR        Fashion-MNIST's four .gz IDX files (default public/data)
  --batches LIST    batch sizes (default 64,256,1024)
  --steps N         timed steps per method and batch after the first (default 20)
  --allow-software  accept a software or fallback WebGPU adapter (the local test on SwiftShader)`;

const KIT_FLAGS = {
  data: text('public/data'),
  batches: list(['64', '128', '256', '512', '1024'], ['64', '256', '1024']),
  steps: int(20, 1, 10_000),
  allowSoftware: toggle(),
};

async function main(argv: string[]): Promise<number> {
  const flags = flagsOf(argv, KIT_FLAGS, USAGE).values;
  const rerun = rerunWithDawnEnvironment();
  if (rerun !== undefined) return rerun;
  const started = performance.now();
  const log = (line: string) =>
    process.stderr.write(`kit [${((performance.now() - started) / 1000).toFixed(0)} s]: ${line}\n`);
  const bench = await benchDawn({
    methods: DAWN_METHODS,
    batches: flags.batches.map(Number),
    steps: flags.steps,
    requireHardware: !flags.allowSoftware,
    dataDir: flags.data,
    log,
  });
  addSgdRatios(bench.records);
  console.log(
    `WebGPU adapter: ${bench.adapter}; Node ${process.version}; tfjs-backend-webgpu 4.22.0 on Dawn\n`,
  );
  console.log(benchTable(bench.records));
  console.log(`\nMemory (tfjs tensors / KiB / GPU KiB, first and last measured step)\n`);
  console.log(memoryTable(bench.records));
  return 0;
}

runTool('kit', USAGE, main);
