/**
 * `npm run bench [-- --quick]`: how fast each method trains on each backend, with PyTorch as the
 * reference row, written to bench/results/latest.json and printed as Markdown. It measures and
 * reports; it never asserts a wall-clock limit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_NAMES, type OptimizerName } from '../src/config/optimizers';
import { initWasmBackendInNode } from '../src/engine/backend/wasm/nodeWasm';
import { addSgdRatios, type BenchRecord, benchMethod } from './benchNode';
import { benchTable, memoryTable } from './benchTable';
import { loadDataset } from './nodeData';
import { torchReference } from './torchReference';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    methods: { type: 'string' },
    out: { type: 'string', default: 'bench/results/latest.json' },
    torch: { type: 'boolean', default: true },
  },
  allowNegative: true,
});

const quick = flags.quick === true;
const methods = (flags.methods?.split(',') ?? [...OPTIMIZER_NAMES]) as OptimizerName[];
const unknown = methods.filter((m) => !(OPTIMIZER_NAMES as readonly string[]).includes(m));
if (unknown.length > 0) {
  console.error(`bench: unknown method(s) ${unknown.join(', ')}; choose from ${OPTIMIZER_NAMES.join(', ')}`);
  process.exit(2);
}

/** WASM: every method at batch 64 and 128; CPU (≈10 s a step): SGD and SAM at batch 64, a few steps. */
const plan = quick
  ? {
      wasm: { batches: [64], steps: 5, memory: [3, 6] },
      cpu: { methods: ['sgd'] as OptimizerName[], steps: 1 },
    }
  : {
      wasm: { batches: [64, 128], steps: 500, memory: [10, 501] },
      cpu: { methods: ['sgd', 'sam'] as OptimizerName[], steps: 3 },
    };

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function main(): Promise<void> {
  tf.enableProdMode();
  const dataStarted = performance.now();
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  const dataLoadMs = performance.now() - dataStarted;
  const records: BenchRecord[] = [];
  const wasm = await initWasmBackendInNode();
  const wasmName = `wasm (SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.numThreads} thread)`;
  for (const batch of plan.wasm.batches) {
    for (const method of methods) {
      progress(`${wasmName} ${method} batch ${batch}, ${plan.wasm.steps} steps`);
      records.push(await benchMethod(dataset, wasmName, method, batch, plan.wasm.steps, plan.wasm.memory));
    }
  }
  await tf.setBackend('cpu');
  for (const method of plan.cpu.methods.filter((m) => methods.includes(m))) {
    progress(`cpu ${method} batch 64, ${plan.cpu.steps} step(s) (tfjs CPU takes ~10 s a step)`);
    records.push(await benchMethod(dataset, 'cpu (tfjs)', method, 64, plan.cpu.steps, []));
  }
  const torch = flags.torch
    ? await torchReference(quick ? 5 : 50)
    : { records: [], note: 'PyTorch skipped (--no-torch)' };
  records.push(...torch.records);
  addSgdRatios(records);
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const result = {
    date: new Date().toISOString(),
    quick,
    machine,
    dataLoadMs,
    notes: torch.note ? [torch.note] : [],
    records,
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile(flags.out as string, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; Fashion-MNIST load ${Math.round(dataLoadMs)} ms\n`,
  );
  console.log(benchTable(records));
  console.log(`\nMemory (tfjs tensors / bytes):\n\n${memoryTable(records)}`);
  for (const note of result.notes) console.log(`\nNote: ${note}`);
  console.log(`\nWrote ${flags.out}`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
