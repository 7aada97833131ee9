/**
 * `npm run bench [-- --quick]`: how fast each method trains on each backend, in Node (tfjs WASM and
 * CPU) and in the system Chromium (WebGPU, WebGL, WASM, CPU; see browser/driver.ts), with PyTorch as
 * the reference row; plus time to the first step, readbacks, memory, the page's smoothness while the
 * app trains, and per-kernel profiles. Writes tools/bench/results/latest.json (and the Markdown beside it,
 * latest.md) and prints the Markdown. It measures and reports; it never asserts a wall-clock limit.
 *
 *   --quick        a few steps of each (CI's smoke run); --methods a,b  only these methods
 *   --no-browser   Node and PyTorch only;  --no-node  Chromium only;  --no-torch  no PyTorch row
 *   --page         only the page: Train → first plotted point per backend, and its smoothness while
 *                  the app trains (Chromium; profiled unless --quick)
 *   --first-plot wasm,webgl   only Train → first plotted point, on these backends
 *   --out FILE     the JSON (default tools/bench/results/latest.json); the Markdown goes to FILE's .md
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/config/optimizers';
import type { BackendName } from '../../src/engine/backend/select';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import { loadDataset } from '../common/nodeData';
import { type BrowserBench, benchBrowser, browserPlan } from './browser/driver';
import type { ProfileResult } from './browser/types';
import { addSgdRatios, type BenchRecord, benchMethods } from './node';
import { profileMethod } from './profile';
import {
  benchTable,
  firstPlotTable,
  firstStepTable,
  isFlat,
  mainThreadTable,
  memoryCheckTable,
  memoryTable,
  profileTable,
  smoothnessTable,
  targetsTable,
} from './tables';
import { torchReference } from './torchReference';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    methods: { type: 'string' },
    out: { type: 'string', default: 'tools/bench/results/latest.json' },
    torch: { type: 'boolean', default: true },
    browser: { type: 'boolean', default: true },
    node: { type: 'boolean', default: true },
    page: { type: 'boolean', default: false },
    'first-plot': { type: 'string' },
  },
  allowNegative: true,
});

const quick = flags.quick === true;
/** `--first-plot a,b`: only Train → first plotted point on those backends. */
const firstPlotOnly = flags['first-plot']?.split(',') as BackendName[] | undefined;
/** `--page`: the page measurements alone, to check a change to the page in a minute or two. */
const pageOnly = flags.page === true || firstPlotOnly !== undefined;
/** What runs: `--page` is Chromium alone. */
const parts = {
  node: flags.node && !pageOnly,
  browser: flags.browser || pageOnly,
  torch: flags.torch && !pageOnly,
};
const methods = (flags.methods?.split(',') ?? [...OPTIMIZER_NAMES]) as OptimizerName[];
const unknown = methods.filter((m) => !(OPTIMIZER_NAMES as readonly string[]).includes(m));
if (unknown.length > 0) {
  console.error(`bench: unknown method(s) ${unknown.join(', ')}; choose from ${OPTIMIZER_NAMES.join(', ')}`);
  process.exit(2);
}

/**
 * Node WASM: every method at batch 64 (500 steps in 10 interleaved rounds, memory at 10 and 501) and
 * 128 (200 steps in 5, so the full run stays within ~25 min); CPU (≈10 s a step): SGD and SAM at
 * batch 64, two steps (quick: none when Chromium runs, whose CPU row is 5× faster to get). Profiles:
 * full only.
 */
const plan = quick
  ? {
      wasm: [{ batch: 64, steps: 5, memory: [3, 6], rounds: 1 }],
      cpu: { methods: parts.browser ? [] : (['sgd'] as OptimizerName[]), steps: 1 },
      profiles: [] as OptimizerName[],
    }
  : {
      wasm: [
        { batch: 64, steps: 500, memory: [10, 501], rounds: 10 },
        { batch: 128, steps: 200, memory: [10, 201], rounds: 5 },
      ],
      cpu: { methods: ['sgd', 'sam'] as OptimizerName[], steps: 2 },
      profiles: ['sgd', 'sam', 'bisam-log'] as OptimizerName[],
    };

const started = performance.now();
const progress = (text: string) =>
  process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(0)} s]: ${text}\n`);

async function benchInNode(records: BenchRecord[], profiles: ProfileResult[]): Promise<number> {
  tf.enableProdMode();
  const dataStarted = performance.now();
  const dataset = await loadDataset('fashion-mnist', 'public/data');
  const dataLoadMs = performance.now() - dataStarted;
  const wasm = await initWasmBackendInNode();
  const wasmName = `wasm (SIMD ${wasm.simd ? 'on' : 'off'}, ${wasm.numThreads} thread)`;
  for (const { batch, steps, memory, rounds } of plan.wasm) {
    progress(
      `node ${wasmName} batch ${batch}: ${methods.join(', ')}, ${steps} steps each in ${rounds} rounds`,
    );
    records.push(...(await benchMethods(dataset, wasmName, methods, batch, steps, memory, rounds)));
  }
  for (const method of plan.profiles.filter((m) => methods.includes(m))) {
    progress(`node ${wasmName} kernel profile of ${method}, batch 64`);
    profiles.push(await profileMethod(dataset, `node ${wasmName}`, method, 64, 5, 5));
  }
  await tf.setBackend('cpu');
  const cpuMethods = plan.cpu.methods.filter((m) => methods.includes(m));
  if (cpuMethods.length > 0) {
    progress(
      `node cpu batch 64: ${cpuMethods.join(', ')}, ${plan.cpu.steps} step(s) (tfjs CPU takes ~10 s a step)`,
    );
    records.push(...(await benchMethods(dataset, 'cpu (tfjs)', cpuMethods, 64, plan.cpu.steps, [], 1)));
  }
  return dataLoadMs;
}

/** One line per host, backend and batch: whether memory stayed flat from the first to the last point. */
function memoryFlatLines(records: readonly BenchRecord[]): string[] {
  const groups = new Map<string, BenchRecord[]>();
  for (const r of records.filter((r) => (r.memory?.length ?? 0) >= 2)) {
    const key = `${r.host} ${r.backend} batch ${r.batch}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, group]) => {
    const changed = group.filter((r) => !isFlat(r.memory ?? []));
    const span = `steps ${group[0]?.memory?.[0]?.step}→${group[0]?.memory?.at(-1)?.step}`;
    return changed.length === 0
      ? `- ${key}: flat (${span}) for all ${group.length} methods`
      : `- ${key}: CHANGED (${span}) for ${changed.map((r) => r.method).join(', ')}`;
  });
}

async function main(): Promise<void> {
  const records: BenchRecord[] = [];
  const profiles: ProfileResult[] = [];
  const notes: string[] = [];
  let dataLoadMs: number | undefined;
  if (parts.node) dataLoadMs = await benchInNode(records, profiles);
  let browser: BrowserBench | undefined;
  if (parts.browser) {
    const pagePlan = { ...browserPlan(quick), timing: [], memory: [], profiles: [] };
    const plan = firstPlotOnly
      ? { ...pagePlan, smoothSeconds: 0, firstPlot: firstPlotOnly }
      : pageOnly
        ? pagePlan
        : undefined;
    browser = await benchBrowser({ quick, methods, log: progress, ...(plan ? { plan } : {}) });
    records.push(...browser.records);
    profiles.push(...browser.profiles);
    notes.push(...browser.notes);
  } else notes.push('Chromium skipped (--no-browser)');
  if (parts.torch && parts.node) {
    progress('PyTorch reference');
    const torch = await torchReference(quick ? 5 : 50);
    records.push(...torch.records);
    if (torch.note) notes.push(torch.note);
  } else notes.push('PyTorch skipped');
  addSgdRatios(records);
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const result: BenchResult & Record<string, unknown> = {
    date: new Date().toISOString(),
    quick,
    machine,
    ...(dataLoadMs === undefined ? {} : { dataLoadMs }),
    ...(browser?.browser ? { browser: browser.browser } : {}),
    notes,
    records,
    firstSteps: browser?.firstSteps ?? [],
    firstPlots: browser?.firstPlots ?? [],
    memoryChecks: browser?.memoryChecks ?? [],
    ...(browser?.smoothness ? { smoothness: browser.smoothness } : {}),
    ...(browser?.mainThread ? { mainThread: browser.mainThread } : {}),
    profiles,
  };
  const out = flags.out as string;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  const markdown = report(result, browser);
  await writeFile(`${out.replace(/\.json$/, '')}.md`, `${markdown}\n`);
  console.log(markdown);
  console.log(`\nWrote ${out} and its .md (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

interface BenchResult {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: Record<string, unknown>;
  readonly dataLoadMs?: number;
  readonly notes: string[];
  readonly records: BenchRecord[];
  readonly profiles: ProfileResult[];
}

function report(result: BenchResult, browser: BrowserBench | undefined): string {
  const { machine } = result;
  const info = browser?.browser;
  const lines = [
    `# Benchmark ${result.quick ? '(quick) ' : ''}${result.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}` +
      (result.dataLoadMs === undefined
        ? ''
        : `; Fashion-MNIST load in Node ${Math.round(result.dataLoadMs)} ms`),
  ];
  if (info)
    lines.push(
      `Chromium ${String(info.version)} (headless, ${String(info.hardwareConcurrency)} threads, cross-origin isolated: ${String(info.crossOriginIsolated)}); WebGPU adapter: ${String(info.webgpu)}; WebGL: ${String(info.webgl)}`,
    );
  lines.push(
    '',
    "Small CNN on Fashion-MNIST. ms/step is the median after warm-up. Node: one method at a time. Chromium WASM/CPU: the methods train in lockstep in one session and each is timed by the engine per step (its optimizer step only; the shared tick is in the JSON note); Chromium WebGPU/WebGL: one method at a time, whole ticks including the wait for the GPU at the readback. × SGD compares with the SGD of the same host, backend and batch (Chromium lockstep: the SGD that trained beside it). Readbacks are Tensor.data()/dataSync() calls counted where they happen (Chromium: per tick, with snapshot and evaluation readbacks named). First step ms: Node and Chromium WASM/CPU, the method's own first step (kernel warm-up); Chromium WebGPU/WebGL, from `start` to the first step shown (with shader compilation; the step-0 evaluation runs a slice per step after it). Details: tools/bench/README.md.",
    '',
    benchTable(result.records),
    '',
    '## Targets',
    '',
    ...(result.quick
      ? ['Quick mode: a handful of steps, too few to judge these; run the full benchmark.', '']
      : []),
    targetsTable(result.records, browser?.smoothness, browser?.memoryChecks),
  );
  if (browser && browser.firstSteps.length > 0)
    lines.push(
      '',
      '## Time to the first step in Chromium (ms)',
      '',
      "Fresh worker per backend: worker script and tfjs loaded, then `configure` (backend start, Fashion-MNIST download and decode, session), then `start` until the first step is shown (includes the first step's shader compilation or kernel warm-up; the step-0 evaluation runs a slice per tick after the first step).",
      '',
      firstStepTable(browser.firstSteps),
    );
  if (browser && browser.firstPlots.length > 0)
    lines.push(
      '',
      '## Train → first plotted point on the page (Chromium, default comparison, ms)',
      '',
      'The real app page per backend: Train pressed → the activity line (what the worker does) → the first point of the loss chart painted; then for a few seconds how many steps the loss chart trails the step counter (sampled every frame).',
      '',
      firstPlotTable(browser.firstPlots),
    );
  if (browser?.smoothness)
    lines.push(
      '',
      '## Page smoothness while training (Chromium, default comparison on wasm: SGD with sharpness probe, SAM, BiSAM)',
      '',
      smoothnessTable(browser.smoothness),
    );
  if (browser?.mainThread)
    lines.push(
      '',
      "Why (a second pass with a Chrome trace and a V8 sampling profile of the page's main thread; profiling slows it a little):",
      '',
      mainThreadTable(browser.mainThread),
    );
  lines.push(
    '',
    '## Memory (tfjs tensors / KiB, first and last measured step)',
    '',
    memoryTable(result.records),
  );
  lines.push('', ...memoryFlatLines(result.records));
  if (browser && browser.memoryChecks.length > 0)
    lines.push(
      '',
      'Long sessions in Chromium (app settings: evaluation every 100 steps; the model is small so 500 steps fit):',
      '',
      memoryCheckTable(browser.memoryChecks),
    );
  if (result.profiles.length > 0)
    lines.push('', '## Where a step goes (tf.profile per kernel)', '', profileTable(result.profiles));
  for (const note of result.notes) lines.push('', `Note: ${note}`);
  return lines.join('\n');
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
