/**
 * How a session scales with replicas (runs × seeds) on WASM in Node: ms per replica-step and the
 * tensors and bytes it holds at 3, 12 and 32 replicas of two-pass methods (SAM family) on the small
 * CNN. Replicas of one seed share one uploaded batch per step, so a replica-step should cost about
 * the same at any count; the held memory grows linearly. Prints a Markdown table.
 *
 *   npm run bench:replicas -- [--steps N] [--batch N]
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import type { ExperimentConfig } from '../../src/config/schema';
import { sessionOptionsFor } from '../../src/engine/session/fromConfig';
import { Session } from '../../src/engine/session/session';
import type { OptimizerName } from '../../src/methods/metas';
import { int, parseFlags, runTool, UsageError } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';

const USAGE = `usage: npm run bench:replicas -- [--steps N] [--batch N]
  --steps N   timed steps per size, after 2 warm-up steps (default 10)
  --batch N   batch size (default 64)`;

/** Runs × seeds per size: every method takes two passes per step, so sizes compare per replica. */
const SIZES: readonly { methods: OptimizerName[]; seeds: number }[] = [
  { methods: ['sam', 'bisam-log', 'bisam-tanh'], seeds: 1 },
  { methods: ['sam', 'bisam-log', 'bisam-tanh'], seeds: 4 },
  { methods: ['sam', 'bisam-log', 'bisam-tanh', 'gsam'], seeds: 8 },
];

function configOf(methods: readonly OptimizerName[], seeds: number, batch: number): ExperimentConfig {
  const runs = methods.map((optimizer) => ({
    id: optimizer,
    name: optimizer,
    optimizer,
    hparams: (DEFAULT_CONFIG.runs[1] as ExperimentConfig['runs'][number]).hparams,
  }));
  return { ...DEFAULT_CONFIG, batchSize: batch, seeds, runs };
}

async function main(argv: string[]): Promise<number> {
  const { values, help, errors } = parseFlags(argv, { steps: int(10, 1, 1000), batch: int(64, 1, 1024) });
  if (errors.length > 0) throw new UsageError(errors);
  if (help) {
    console.log(USAGE);
    return 0;
  }
  quietTfjs();
  const { backend } = await selectNodeBackend('wasm');
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  console.log(`backend ${backend}, small CNN, batch ${values.batch}, ${values.steps} timed steps per size\n`);
  console.log('| replicas | runs × seeds | ms per tick | ms per replica-step | tensors held | MB held |');
  console.log('|---|---|---|---|---|---|');
  for (const { methods, seeds } of SIZES) {
    const before = tf.memory();
    const session = new Session(sessionOptionsFor(configOf(methods, seeds, values.batch), dataset));
    for (let i = 0; i < 2; i++) session.trainStep();
    await session.collect();
    const started = performance.now();
    for (let i = 0; i < values.steps; i++) session.trainStep();
    await session.collect();
    const msPerTick = (performance.now() - started) / values.steps;
    const held = tf.memory();
    const replicas = session.runList.length;
    const tensors = held.numTensors - before.numTensors;
    const megabytes = (held.numBytes - before.numBytes) / 2 ** 20;
    console.log(
      `| ${replicas} | ${methods.length} × ${seeds} | ${msPerTick.toFixed(0)} | ${(msPerTick / replicas).toFixed(1)} | ${tensors} | ${megabytes.toFixed(1)} |`,
    );
    session.dispose();
  }
  return 0;
}

runTool('bench:replicas', USAGE, main);
