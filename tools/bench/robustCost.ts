/**
 * Cost of one robust evaluation on the Node backend: the small CNN at its seeded initial weights,
 * the app's default robust settings (FGSM and PGD-10 at ε = 1, 2, 4, 8 /255, noise at three σ,
 * E_r = 500), one run. Prints the median over repeats of the whole evaluation and of each part, and a
 * training step of the same model for scale. Numbers only; nothing is asserted.
 *
 *   npx tsx tools/bench/robustCost.ts [--backend wasm|cpu] [--repeats 3] [--examples 500]
 */
import { MODEL_PRESETS } from '../../src/config/model';
import { DEFAULT_HYPERPARAMS } from '../../src/config/optimizers';
import { DEFAULT_ROBUST, type RobustConfig } from '../../src/config/robust';
import { Session } from '../../src/engine/session/session';
import { type BackendChoice, quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';

function flag(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] !== undefined ? (argv[at + 1] as string) : fallback;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function evaluationMs(session: Session): Promise<{ ms: number; passes: number }> {
  const job = session.startRobustEvaluation();
  if (!job) throw new Error('no robust settings');
  const started = performance.now();
  const [record] = await job.finish();
  const ms = performance.now() - started;
  await job.dispose();
  return { ms, passes: record?.gradientEvaluations ?? 0 };
}

async function main(argv: string[]): Promise<void> {
  quietTfjs();
  const { backend } = await selectNodeBackend(flag(argv, '--backend', 'wasm') as BackendChoice);
  const repeats = Number(flag(argv, '--repeats', '3'));
  const examples = Number(flag(argv, '--examples', String(DEFAULT_ROBUST.examples)));
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  const parts: [string, RobustConfig][] = [
    ['all (default)', { ...DEFAULT_ROBUST, examples }],
    ['FGSM only', { ...DEFAULT_ROBUST, examples, attacks: ['fgsm'] }],
    ['PGD-10 only', { ...DEFAULT_ROBUST, examples, attacks: ['pgd'] }],
    ['noise only', { ...DEFAULT_ROBUST, examples, attacks: ['noise'] }],
  ];
  console.log(
    `robust evaluation cost, small-cnn, one run, E_r ${examples}, backend ${backend}, median of ${repeats}`,
  );
  console.log('| settings | input-gradient passes | ms per evaluation |\n| --- | --- | --- |');
  for (const [name, robust] of parts) {
    const session = new Session({
      dataset,
      layers: MODEL_PRESETS['small-cnn'].layers,
      batchSize: 64,
      seed: 1,
      totalSteps: 10,
      evalExamples: 100,
      robust,
      runs: [{ id: 'sgd', name: 'SGD', optimizer: 'sgd', hparams: DEFAULT_HYPERPARAMS }],
    });
    await evaluationMs(session); // warm-up: kernels and buffers
    const runs = [];
    for (let i = 0; i < repeats; i++) runs.push(await evaluationMs(session));
    console.log(`| ${name} | ${runs[0]?.passes} | ${median(runs.map((r) => r.ms)).toFixed(0)} |`);
    if (name === 'all (default)') {
      const stepMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        session.trainStep();
        await session.collect();
        stepMs.push(performance.now() - started);
      }
      console.log(
        `| (one SGD training step, batch 64, for scale) | 1 × 64 examples | ${median(stepMs).toFixed(0)} |`,
      );
    }
    session.dispose();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`robustCost: ${error.message}`);
    process.exit(1);
  },
);
