/**
 * `npm run bench [-- --quick]`: how fast each method trains on each backend, in Node (tfjs WASM and
 * CPU) and in the system Chromium (WebGPU, WebGL, WASM, CPU; see browser/driver.ts), with PyTorch as
 * the reference row; plus time to the first step, readbacks, memory, the page's smoothness while the
 * app trains, and per-kernel profiles. Writes tools/bench/results/latest.json (and the Markdown beside it,
 * latest.md) and prints the Markdown. It measures and reports; it never asserts a wall-clock limit.
 * Flags: USAGE below. Exit codes: 0 done, 1 failed, 2 bad flags.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MODEL_PRESET_NAMES, type ModelPresetName } from '../../src/config/model';
import { initWasmBackendInNode } from '../../src/engine/backend/wasm/nodeWasm';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/methods/metas';
import { rerunWithDawnEnvironment } from '../common/dawnEnvironment';
import { choice, flagsOf, int, list, runTool, text, toggle } from '../common/flags';
import { loadDataset } from '../common/nodeData';
import { type BrowserBench, benchBrowser } from './browser/driver';
import { browserPlan } from './browser/plan';
import type { ProfileResult } from './browser/types';
import { cpuRace } from './cpuRace';
import { benchDawn, DAWN_METHODS } from './dawn';
import { benchModelInNode, MODEL_BENCH_DATA, MODEL_BENCH_HEADER, modelBenchLines } from './modelBench';
import { type BenchRecord, benchMethods } from './node';
import { profileMethod } from './profile';
import type { RaceRound } from './raceRounds';
import { type BenchResult, benchReport } from './report';
import { addSgdRatios } from './stats';
import { torchReference } from './torchReference';

const FIRST_PLOT_BACKENDS = ['wasm', 'webgl', 'cpu', 'webgpu'] as const;

const USAGE = `usage: npm run bench -- [flags]
  --quick          a few steps of each (CI's smoke run)
  --methods LIST   only these methods (default all: ${OPTIMIZER_NAMES.join(', ')})
  --no-browser     Node and PyTorch only;  --no-node  Chromium only;  --no-torch  no PyTorch row
  --page           only the page: Train → first plotted point per backend, and its smoothness while
                   the app trains (Chromium; profiled unless --quick)
  --first-plot LIST  only Train → first plotted point on the page, on these backends (wasm,webgl,cpu,webgpu)
  --smooth         only the page's smoothness while it trains (no first plot; profiled unless --quick)
  --smooth-query Q  link fields for that page, e.g. 'runs=sgd,sam,bisam-tanh,bisam-log&seeds=8'
                   (32 replicas streaming); default: the default comparison
  --smooth-seconds N  seconds of training it measures (default 40; --quick 5)
  --smooth-trace FILE  the profiled pass's whole Chrome trace (page and worker threads), for
                   chrome://tracing or Perfetto
  --dawn           only the headless WebGPU kit: tfjs webgpu in Node on Dawn (SwiftShader without a
                   GPU), ${DAWN_METHODS.join(', ')}; with dispatches per step
  --dawn-batches LIST  its batch sizes (default 64; 256,1024 take minutes in software)
  --dawn-steps N   its timed steps per method and batch after the first (default 3)
  --cpu-race       only Chromium WASM on 1 and on 2 threads against PyTorch CPU on 1 and on 2 threads:
                   SGD and SAM at batch 64 and 128 (--quick: 64), in --rounds N (default 3) that
                   alternate the two sides, with kernel profiles per thread count in the last
  --model PRESET   only Node WASM, timing this model preset (${MODEL_PRESET_NAMES.join(', ')})
                   on --data, at --batches, --steps timed steps per method after the first
  --data NAME      its data: fashion-mnist (28×28×1) or cifar-shaped (generated 32×32×3, 10 classes)
  --batches LIST   its batch sizes (default 64,128);  --steps N  its timed steps (default 10)
  --out FILE       the JSON (default tools/bench/results/latest.json, with --dawn dawn.json, with
                   --cpu-race cpu-race.json, with --model MODEL-DATA.json); the
                   Markdown goes to FILE's .md`;

const DEFAULT_OUT = 'tools/bench/results/latest.json';
const DAWN_OUT = 'tools/bench/results/dawn.json';
const CPU_RACE_OUT = 'tools/bench/results/cpu-race.json';

const BENCH_FLAGS = {
  quick: toggle(),
  methods: list(OPTIMIZER_NAMES, OPTIMIZER_NAMES),
  out: text(DEFAULT_OUT),
  dawn: toggle(),
  'dawn-batches': list(['64', '128', '256', '1024'], ['64']),
  'dawn-steps': int(3, 1, 1000),
  'cpu-race': toggle(),
  rounds: int(3, 1, 20),
  torch: toggle(true),
  browser: toggle(true),
  node: toggle(true),
  page: toggle(),
  'first-plot': list(FIRST_PLOT_BACKENDS, []),
  smooth: toggle(),
  'smooth-query': text(),
  'smooth-seconds': int(0, 0, 600),
  'smooth-trace': text(),
  model: choice<ModelPresetName | 'none'>([...MODEL_PRESET_NAMES], 'none'),
  data: choice(MODEL_BENCH_DATA, 'fashion-mnist'),
  batches: list(['16', '32', '64', '128', '256'], ['64', '128']),
  steps: int(10, 1, 1000),
};

/**
 * Node WASM: every method at batch 64 (500 steps in 10 interleaved rounds, memory at 10 and 501) and
 * 128 (200 steps in 5, so the full run stays within ~25 min); CPU (≈10 s a step): SGD and SAM at
 * batch 64, two steps (quick: none when Chromium runs, whose CPU row is 5× faster to get). Profiles:
 * full only.
 */
function nodePlan(quick: boolean, withBrowser: boolean) {
  return quick
    ? {
        wasm: [{ batch: 64, steps: 5, memory: [3, 6], rounds: 1 }],
        cpu: { methods: withBrowser ? [] : (['sgd'] as OptimizerName[]), steps: 1 },
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
}

const started = performance.now();
const progress = (text: string) =>
  process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(0)} s]: ${text}\n`);

async function benchInNode(
  plan: ReturnType<typeof nodePlan>,
  methods: readonly OptimizerName[],
  records: BenchRecord[],
  profiles: ProfileResult[],
): Promise<number> {
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

async function main(argv: string[]): Promise<number> {
  const flags = flagsOf(argv, BENCH_FLAGS, USAGE).values;
  const { quick, methods } = flags;
  if (flags.dawn) {
    const rerun = rerunWithDawnEnvironment();
    if (rerun !== undefined) return rerun;
  }
  /** `--first-plot a,b`: only Train → first plotted point on those backends. */
  const firstPlotOnly = flags['first-plot'].length > 0 ? flags['first-plot'] : undefined;
  /** `--smooth`: the page's smoothness alone (e.g. with `--smooth-query` for many replicas). */
  const smoothOnly = flags.smooth;
  /** `--page`: the page measurements alone, to check a change to the page in a minute or two. */
  const pageOnly = flags.page || firstPlotOnly !== undefined || smoothOnly;
  /** `--dawn`, `--cpu-race` or `--model`: that measurement alone. */
  const race = flags['cpu-race'];
  const alone = flags.dawn || race || flags.model !== 'none';
  const parts = {
    node: flags.node && !pageOnly && !alone,
    browser: (flags.browser || pageOnly) && !alone,
    torch: flags.torch && !pageOnly && !alone,
  };
  const records: BenchRecord[] = [];
  const profiles: ProfileResult[] = [];
  const notes: string[] = [];
  let dataLoadMs: number | undefined;
  if (flags.dawn) {
    progress('headless WebGPU kit (Dawn)');
    const dawn = await benchDawn({
      methods: DAWN_METHODS.filter((m) => methods.includes(m)),
      batches: flags['dawn-batches'].map(Number),
      steps: flags['dawn-steps'],
      requireHardware: false,
      dataDir: 'public/data',
      log: progress,
    });
    records.push(...dawn.records);
    notes.push(
      `Dawn kit only (--dawn): tfjs-backend-webgpu 4.22 in Node on ${dawn.adapter}; ${flags['dawn-steps']} timed step(s) per method in one round`,
    );
  }
  if (flags.model !== 'none') {
    const { model, data, steps } = flags;
    progress(`node WASM: ${model} on ${data}, ${methods.join(', ')}, ${steps} timed steps each`);
    records.push(
      ...(await benchModelInNode({ model, data, methods, steps, batches: flags.batches.map(Number) })),
    );
    notes.push(
      `--model ${model} --data ${data} only: Node WASM, ${steps} timed steps per method and batch in 2 rounds`,
    );
  }
  let raceBrowser: Record<string, unknown> | undefined;
  let raceRounds: RaceRound[] | undefined;
  if (race) {
    const raced = await cpuRace({ quick, rounds: flags.rounds, methods, log: progress });
    records.push(...raced.records);
    profiles.push(...raced.profiles);
    notes.push(...raced.notes);
    raceBrowser = raced.browser;
    raceRounds = raced.rounds;
  }
  if (parts.node) dataLoadMs = await benchInNode(nodePlan(quick, parts.browser), methods, records, profiles);
  let browser: BrowserBench | undefined;
  if (parts.browser) {
    const full = browserPlan(quick);
    const smoothing = {
      smoothSeconds: flags['smooth-seconds'] || full.smoothSeconds,
      ...(flags['smooth-query'] ? { smoothQuery: flags['smooth-query'] } : {}),
      ...(flags['smooth-trace'] ? { smoothTrace: flags['smooth-trace'] } : {}),
    };
    const pagePlan = { ...full, ...smoothing, timing: [], memory: [], profiles: [] };
    const plan = firstPlotOnly
      ? { ...pagePlan, smoothSeconds: 0, firstPlot: firstPlotOnly }
      : smoothOnly
        ? { ...pagePlan, firstPlot: [] }
        : pageOnly
          ? pagePlan
          : { ...full, ...smoothing };
    browser = await benchBrowser({ quick, methods, log: progress, plan });
    records.push(...browser.records);
    profiles.push(...browser.profiles);
    notes.push(...browser.notes);
  } else if (!alone) notes.push('Chromium skipped (--no-browser)');
  if (parts.torch && parts.node) {
    progress('PyTorch reference');
    const torch = await torchReference(quick ? 5 : 50);
    records.push(...torch.records);
    if (torch.note) notes.push(torch.note);
  } else if (!race) notes.push('PyTorch skipped');
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
    ...((browser?.browser ?? raceBrowser) ? { browser: browser?.browser ?? raceBrowser } : {}),
    notes,
    records,
    firstSteps: browser?.firstSteps ?? [],
    firstPlots: browser?.firstPlots ?? [],
    memoryChecks: browser?.memoryChecks ?? [],
    ...(browser?.smoothness ? { smoothness: browser.smoothness } : {}),
    ...(browser?.mainThread ? { mainThread: browser.mainThread } : {}),
    profiles,
    ...(raceRounds ? { raceRounds } : {}),
  };
  const aloneOut = flags.dawn
    ? DAWN_OUT
    : race
      ? CPU_RACE_OUT
      : `tools/bench/results/${flags.model}-${flags.data}.json`;
  const out = alone && flags.out === DEFAULT_OUT ? aloneOut : flags.out;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  const markdown = benchReport(result, browser);
  await writeFile(`${out.replace(/\.json$/, '')}.md`, `${markdown}\n`);
  console.log(markdown);
  if (flags.model !== 'none')
    console.log(['', ...MODEL_BENCH_HEADER, ...modelBenchLines(records)].join('\n'));
  console.log(`\nWrote ${out} and its .md (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  return 0;
}

runTool('bench', USAGE, main);
