/** The benchmark's Markdown report: what `npm run bench` prints and writes beside its JSON. */
import type { BrowserBench } from './browser/driver';
import type { ProfileResult } from './browser/types';
import type { BenchRecord } from './node';
import { hostSpeedTable, type RaceRound, roundRatioTable } from './raceRounds';
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
import { threadCosts, threadCostTable } from './threadCost';

/** One line per host, backend and batch: whether memory stayed flat from the first to the last point. */
/** The smoothness page's setup in words: its link fields beyond `v` and `backend`, or the default comparison. */
function smoothSetup(url: string): string {
  const fields = [...new URL(url).searchParams].filter(([key]) => key !== 'v' && key !== 'backend');
  if (fields.length === 0) return 'default comparison on wasm: SGD with sharpness probe, SAM, BiSAM';
  return `on wasm, ${fields.map(([key, value]) => `${key}=${value}`).join('&')}`;
}

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

export interface BenchResult {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: Record<string, unknown>;
  readonly dataLoadMs?: number;
  /** Chromium's facts (version, cores, adapters), where it ran. */
  readonly browser?: Record<string, unknown>;
  readonly notes: string[];
  readonly records: BenchRecord[];
  readonly profiles: ProfileResult[];
  /** The CPU race's rounds, each with its own records and host probes (`--cpu-race` only). */
  readonly raceRounds?: RaceRound[];
}

export function benchReport(result: BenchResult, browser: BrowserBench | undefined): string {
  const { machine } = result;
  const info = result.browser;
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
    "Small CNN on Fashion-MNIST unless the backend names another model (`--model`). ms/step is the median after warm-up. Node: one method at a time. Chromium WASM/CPU: the methods train in lockstep in one session and each is timed by the engine per step (its optimizer step only; the shared tick is in the JSON note); Chromium WebGPU/WebGL: one method at a time, whole ticks including the wait for the GPU at the readback. × SGD compares with the SGD of the same host, backend and batch (Chromium lockstep: the SGD that trained beside it). Readbacks are Tensor.data()/dataSync() calls counted where they happen (Chromium: per tick, with snapshot and evaluation readbacks named). First step ms: Node and Chromium WASM/CPU, the method's own first step (kernel warm-up); Chromium WebGPU/WebGL, from `start` to the first step shown (with shader compilation; the step-0 evaluation runs a slice per step after it). Details: tools/bench/README.md.",
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
      'The real app page per backend: Train pressed → the activity line (what the worker does) → the step counter moves → the first point of the loss chart painted; then for a few seconds how many steps the loss chart trails the step counter (sampled every frame).',
      '',
      firstPlotTable(browser.firstPlots),
    );
  if (browser?.smoothness)
    lines.push(
      '',
      `## Page smoothness while training (Chromium, ${smoothSetup(browser.smoothness.url)})`,
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
  if (result.raceRounds && result.raceRounds.length > 0)
    lines.push(
      '',
      '## The race round by round',
      '',
      'Each round times Chromium, then PyTorch, seconds apart; a ratio here is taken within one round (a row above is a median over rounds, so it can pair a quiet round of one side with a loaded round of the other).',
      '',
      roundRatioTable(result.raceRounds),
      '',
      "How fast each logical CPU was before each side (`hostSpeed.ts`: a fixed JS loop, ms, in a Node process pinned to the CPU; lower is faster). On a shared virtual machine a CPU can run at half speed for minutes while the other does not, and a 2-thread run is only as fast as its slower thread's share allows:",
      '',
      hostSpeedTable(result.raceRounds),
    );
  if (result.profiles.length > 0)
    lines.push('', '## Where a step goes (tf.profile per kernel)', '', profileTable(result.profiles));
  if (threadCosts(result.profiles, 1).length > 0)
    lines.push(
      '',
      '## What a second WASM thread slows down (per call, 2 threads against 1)',
      '',
      threadCostTable(result.profiles),
    );
  for (const note of result.notes) lines.push('', `Note: ${note}`);
  return lines.join('\n');
}
