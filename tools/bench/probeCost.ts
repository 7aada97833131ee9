/**
 * Cost of each probe, one run of the small CNN on Fashion-MNIST (Node, WASM by default), at the
 * initial weights or after --steps of SGD: ms and passes over the probe batch, with the defaults
 * of the experiment config (P = 512, k = 20, n = 10, 41 line points, 21×21 surface).
 *
 *   npx tsx tools/bench/probeCost.ts [--steps N] [--backend wasm|cpu] [--probes LIST]
 */
import { MODEL_PRESETS } from '../../src/config/model';
import { DEFAULT_HYPERPARAMS } from '../../src/config/optimizers';
import { DEFAULT_PROBE_CONFIG, PROBE_KINDS, type ProbeKind } from '../../src/config/probes';
import { probeRecord, SessionProbes } from '../../src/engine/probes/sessionProbes';
import { Session } from '../../src/engine/session/session';
import { probeFinding } from '../cli/probeReport';
import { type BackendChoice, quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';

function flag(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] !== undefined ? (argv[at + 1] as string) : fallback;
}

async function main(argv: string[]): Promise<number> {
  const steps = Number(flag(argv, '--steps', '0'));
  const kinds = flag(argv, '--probes', PROBE_KINDS.join(',')).split(',') as ProbeKind[];
  quietTfjs();
  const { backend } = await selectNodeBackend(flag(argv, '--backend', 'wasm') as BackendChoice);
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  const layers = MODEL_PRESETS['small-cnn'].layers;
  const runs = [{ id: 'sgd', name: 'sgd', optimizer: 'sgd' as const, hparams: DEFAULT_HYPERPARAMS }];
  const session = new Session({
    dataset,
    layers,
    batchSize: 128,
    seed: 1,
    totalSteps: Math.max(steps, 1),
    evalExamples: 1,
    runs,
  });
  for (let i = 0; i < steps; i++) session.trainStep();
  await session.collect();
  const probes = new SessionProbes(session, layers, DEFAULT_PROBE_CONFIG, 1);
  console.log(
    `small-cnn (${session.paramCount} parameters), ${backend}, P = ${DEFAULT_PROBE_CONFIG.size}, after ${steps} SGD steps`,
  );
  console.log('| probe | ms | gradient evaluations | forward evaluations | ms per slice (max) | finding |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const kind of kinds) {
    probes.request(kind, 'sgd');
    let longestSlice = 0;
    for (;;) {
      const started = performance.now();
      const update = await probes.slice();
      longestSlice = Math.max(longestSlice, performance.now() - started);
      if (!update || update.type === 'progress') continue;
      if (update.type === 'failed') throw new Error(`${kind}: ${update.message}`);
      const record = probeRecord(update);
      const { ms, gradientEvaluations, forwardEvaluations } = record.spend;
      console.log(
        `| ${kind} | ${ms.toFixed(0)} | ${gradientEvaluations} | ${forwardEvaluations} | ${longestSlice.toFixed(0)} | ${probeFinding(record)} |`,
      );
      break;
    }
  }
  await probes.dispose();
  session.dispose();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`probeCost: ${error.message}`);
    process.exit(1);
  },
);
