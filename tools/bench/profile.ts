/**
 * Where a training step's time goes on tfjs WASM in Node, per kernel: tf.profile around the engine's
 * own step (Session.trainStep, so SAM's and BiSAM's two passes, perturbation and restore are all
 * in it), the approach of profileWasm.ts applied to any method. `npm run bench` prints it in full
 * mode; on its own:
 *
 *   npx tsx tools/bench/profile.ts [--methods sgd,sam,bisam-log] [--batch 64] [--warmup 5] [--profiled 5]
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { MODEL_PRESETS } from '../../src/config/model';
import { DEFAULT_HYPERPARAMS } from '../../src/config/optimizers';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import type { ImageDataset } from '../../src/engine/data/dataset';
import { Session } from '../../src/engine/session/session';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/methods/metas';
import { loadDataset } from '../common/nodeData';
import { aggregateKernels, type ProfileResult } from './browser/types';
import { median } from './node';
import { profileTable } from './tables';

/** Per-kernel ms of `profiled` steps of `method` after `warmup` plain ones, on the active backend. */
export async function profileMethod(
  dataset: ImageDataset,
  backend: string,
  method: OptimizerName,
  batch: number,
  warmup: number,
  profiled: number,
): Promise<ProfileResult> {
  const session = new Session({
    dataset,
    layers: MODEL_PRESETS['small-cnn'].layers,
    batchSize: batch,
    seed: 1,
    totalSteps: 1_000_000,
    evalExamples: 100,
    runs: [{ id: method, name: method, optimizer: method, hparams: DEFAULT_HYPERPARAMS }],
  });
  try {
    const plain: number[] = [];
    for (let i = 0; i < warmup; i++) {
      const started = performance.now();
      session.trainStep();
      await session.collect();
      if (i > 0) plain.push(performance.now() - started);
    }
    const kernels: { name: string; kernelTimeMs: unknown; inputShapes: (number[] | null)[] }[] = [];
    for (let r = 0; r < profiled; r++) {
      const info = await tf.profile(() => {
        session.trainStep();
      });
      kernels.push(...(info.kernels as unknown as typeof kernels));
      await session.collect();
    }
    const { byKernel, byCall, total } = aggregateKernels(kernels, profiled);
    return {
      backend,
      method,
      batch,
      timing: 'wall time per kernel (kernels run when called)',
      stepMs: median(plain),
      kernelMs: total,
      byKernel,
      byCall,
    };
  } finally {
    session.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      methods: { type: 'string', default: 'sgd,sam,bisam-log' },
      batch: { type: 'string', default: '64' },
      warmup: { type: 'string', default: '5' },
      profiled: { type: 'string', default: '5' },
    },
  });
  const methods = (values.methods as string).split(',') as OptimizerName[];
  const unknown = methods.filter((m) => !(OPTIMIZER_NAMES as readonly string[]).includes(m));
  if (unknown.length > 0) throw new Error(`unknown method(s) ${unknown.join(', ')}`);
  tf.enableProdMode();
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  const wasm = await initWasmBackendInNode();
  const backend = `node wasm (SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.numThreads} thread)`;
  const results: ProfileResult[] = [];
  for (const method of methods)
    results.push(
      await profileMethod(
        dataset,
        backend,
        method,
        Number(values.batch),
        Number(values.warmup),
        Number(values.profiled),
      ),
    );
  console.log(profileTable(results, 12));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: Error) => {
    console.error(`benchProfile: ${error.message}`);
    process.exit(1);
  });
}
