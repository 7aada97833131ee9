/**
 * `npm run soak`: the benchmark's long run. The default comparison (SGD with its sharpness probe, SAM,
 * BiSAM (-log); small CNN, batch 64, evaluation every 100 steps on 2,000 test images) trains for
 * 20,000 steps in Node through the worker's own controller (its loop, stream, history and 10-second
 * snapshots), and tfjs tensors and bytes, the JS heap and the process RSS are sampled along the way.
 * A leak shows as tensors or heap that keep climbing; the history the worker keeps for a reconnecting
 * page grows by design (a few bytes per step and metric).
 *
 *   npm run soak                      # 20,000 steps (hours on a shared 2-core machine)
 *   npm run soak -- --steps 200       # a quick estimate: the per-step time is printed
 *   npm run soak -- --every 500 --json /tmp/soak.json
 *
 * Node's `--expose-gc` (set by the npm script) lets each sample collect garbage first, so heap figures
 * are live objects rather than whatever the collector had not reached yet.
 */
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import type { ExperimentConfig } from '../../src/config/schema';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import { TrainerController } from '../../src/worker/controller';
import type { WorkerEvent } from '../../src/worker/protocol';
import { yieldToEvents } from '../../src/worker/trainLoop';
import { flagsOf, int, runTool, text } from '../common/flags';
import { quietTfjs } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';
import { markdownTable } from './tables';

interface SoakSample {
  readonly step: number;
  readonly elapsedS: number;
  readonly tensors: number;
  readonly tfBytes: number;
  readonly heapBytes: number;
  readonly rssBytes: number;
}

const USAGE = `usage: npm run soak -- [flags]
  --steps N        lockstep steps of the default comparison (default 20000)
  --every N        a memory sample every N steps (default 1000)
  --json PATH      the samples, rewritten after each one
  --data-dir DIR   folder with the IDX files (default public/data)`;

const SOAK_FLAGS = {
  steps: int(20_000, 1, 10_000_000),
  every: int(1000, 1, 10_000_000),
  json: text(),
  dataDir: text('public/data'),
};

const gc = (globalThis as { gc?: () => void }).gc;

function sample(step: number, startedAt: number): SoakSample {
  gc?.();
  const memory = tf.memory();
  const process_ = process.memoryUsage();
  return {
    step,
    elapsedS: (performance.now() - startedAt) / 1000,
    tensors: memory.numTensors,
    tfBytes: memory.numBytes,
    heapBytes: process_.heapUsed,
    rssBytes: process_.rss,
  };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function table(samples: readonly SoakSample[]): string {
  return markdownTable(
    ['step', 's', 'tensors', 'tf MB', 'JS heap MB', 'RSS MB'],
    samples.map((s) => [
      s.step,
      s.elapsedS.toFixed(0),
      s.tensors,
      mb(s.tfBytes),
      mb(s.heapBytes),
      mb(s.rssBytes),
    ]),
  );
}

async function main(argv: string[]): Promise<number> {
  const { steps, every, json, dataDir } = flagsOf(argv, SOAK_FLAGS, USAGE).values;
  quietTfjs();
  const dataset = await loadDataset('fashion-mnist', dataDir);
  const config: ExperimentConfig = { ...DEFAULT_CONFIG, backend: 'wasm', steps };
  const startedAt = performance.now();
  const samples: SoakSample[] = [];
  const stepsSeen = new Map<string, number>();
  let status = 'idle';
  let failure: string | undefined;
  let nextSample = 1;
  const post = (event: WorkerEvent) => {
    if (event.type === 'status') status = event.status;
    if (event.type === 'failed' || (event.type === 'reply' && !event.ok))
      failure = event.type === 'failed' ? event.message : event.error;
    if (event.type !== 'metrics') return;
    for (const chunk of event.chunks)
      stepsSeen.set(chunk.runId, (stepsSeen.get(chunk.runId) ?? 0) + chunk.steps.length);
    const step = event.progress.step;
    // Only where every step so far has been read back, so pending per-step scalars are not counted.
    if (step >= nextSample && status === 'training') {
      samples.push(sample(step, startedAt));
      process.stderr.write(`soak: step ${step}/${steps}, ${samples.at(-1)?.tensors} tensors\n`);
      void saveJson(json, steps, samples);
      nextSample = step === 1 ? every : (Math.floor(step / every) + 1) * every;
    }
  };
  const controller = new TrainerController(post, async () => dataset, {
    wasm: async () => {
      await initWasmBackendInNode();
      return () => 'node';
    },
  });
  let requestId = 0;
  await controller.handle({ type: 'configure', config, dataUrl: 'public/data', requestId: ++requestId });
  samples.push(sample(0, startedAt));
  await controller.handle({ type: 'start', requestId: ++requestId });
  while (status === 'training' && !failure) await yieldToEvents();
  if (failure) throw new Error(failure);
  samples.push(sample(steps, startedAt));
  const elapsedS = (performance.now() - startedAt) / 1000;
  console.log(
    `Soak: ${steps} steps of the default comparison (${config.runs.map((r) => r.id).join(', ')}), ` +
      `batch ${config.batchSize}, evaluation every ${config.evalEvery}; ${tf.getBackend()} in Node ${process.version}; ` +
      `${elapsedS.toFixed(0)} s (${((elapsedS * 1000) / steps).toFixed(1)} ms per lockstep step)` +
      `${gc ? '' : '; no --expose-gc, so heap figures include garbage'}`,
  );
  console.log(`Steps streamed per run: ${[...stepsSeen].map(([id, n]) => `${id} ${n}`).join(', ')}`);
  console.log(table(samples));
  await saveJson(json, steps, samples, elapsedS);
  return 0;
}

/** Written after every sample too, so a soak stopped early still leaves its figures. */
async function saveJson(
  json: string | undefined,
  steps: number,
  samples: readonly SoakSample[],
  elapsedS?: number,
): Promise<void> {
  if (!json) return;
  const report = { steps, finished: elapsedS !== undefined, elapsedS, node: process.version, samples };
  await writeFile(json, `${JSON.stringify(report, null, 1)}\n`);
}

runTool('soak', USAGE, main);
