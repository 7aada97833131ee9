/**
 * Chromium half of `npm run bench`: the app's training worker in the system Chromium, per backend
 * (WebGPU, WebGL, WASM, CPU) and method, plus the page's smoothness while the app trains and
 * per-kernel profiles.
 *
 * How: the app is built with Vite into a temporary folder together with a benchmark page
 * (tools/bench/browser/index.html → page.ts) and served by `vite preview` (COOP/COEP, so WASM
 * gets threads). The page starts the app's worker code with counters added from outside
 * (worker.ts) and speaks the worker protocol to it:
 * - WASM and CPU run kernels when called, so every method of a comparison trains in one session in
 *   lockstep (≤ 8 runs a session, SGD in each) and a method's ms/step is the engine's own timing of
 *   its optimizer step (`Run.recordStepTime`), step by step; interleaving the methods keeps the ratios
 *   fair on a noisy machine. Per-tick costs shared by the runs (batch upload, readback, yield) are
 *   not in it; the record's note gives the tick.
 * - WebGPU and WebGL only enqueue work, so each method trains alone and a step is a whole tick:
 *   Δ progress.elapsedMs / Δ step between metrics events (one event per tick at these speeds), which
 *   includes waiting for the GPU at the readback.
 * The median is over the steps after the warm-up. Readbacks are counted in the worker (Tensor.data /
 * dataSync calls, by caller) per tick; memory is tf.memory() from the metrics stream at step 10 (or
 * the first event after it) and at the last event.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../../e2e/chromium';
import { OPTIMIZER_INFO, type OptimizerName } from '../../../src/methods/metas';
import type { BenchRecord, MemoryPoint } from '../node';
import { addSgdRatios, throughput } from '../stats';
import { type FirstPlot, measureFirstPlot } from './firstPlot';
import type { MainThreadProfile } from './mainThread';
import { type BrowserPlan, type BrowserPlanEntry, browserPlan, MINUTE } from './plan';
import { serve } from './serve';
import { measureSmoothness, type Smoothness } from './smooth';
import {
  backendLabel,
  type FirstStep,
  firstStepOf,
  lastStep,
  lockstepRecords,
  memoryPoints,
  tickRecords,
  trimmed,
} from './traces';
import type { KernelCheck, ProfileResult, ProfileSpec, SessionSpec, SessionTrace } from './types';

export interface MemoryCheck {
  readonly backend: string;
  readonly model: string;
  readonly batch: number;
  readonly methods: string;
  readonly points: MemoryPoint[];
  readonly note?: string;
}

export interface BrowserBench {
  readonly browser?: Record<string, unknown>;
  readonly records: BenchRecord[];
  readonly firstSteps: FirstStep[];
  /** Train → first point on the real page, per backend. */
  readonly firstPlots: FirstPlot[];
  readonly memoryChecks: MemoryCheck[];
  readonly smoothness?: Smoothness;
  /** Why the page is not smooth: a trace and JS profile of the main thread while training. */
  readonly mainThread?: MainThreadProfile;
  readonly profiles: ProfileResult[];
  readonly notes: string[];
}

interface BenchPageApi {
  timeSession(spec: SessionSpec): Promise<SessionTrace>;
  profile(spec: ProfileSpec, timeoutMs: number): Promise<ProfileResult>;
  kernelCheck(threads: number, timeoutMs: number): Promise<KernelCheck>;
  info(): Promise<Record<string, unknown>>;
  stop(): void;
}

type Log = (text: string) => void;

export async function benchBrowser(options: {
  quick: boolean;
  methods: readonly OptimizerName[];
  log: Log;
  plan?: BrowserPlan;
}): Promise<BrowserBench> {
  const { quick, methods, log } = options;
  const plan = options.plan ?? browserPlan(quick);
  const empty: BrowserBench = {
    records: [],
    firstSteps: [],
    firstPlots: [],
    memoryChecks: [],
    profiles: [],
    notes: [],
  };
  const executablePath = findChromium();
  if (!executablePath)
    return {
      ...empty,
      notes: ['Chromium not found (set CHROME_PATH or install chromium): the browser part was skipped'],
    };
  const outDir = await mkdtemp(join(tmpdir(), 'sam-bench-'));
  let server: { url: string; close: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  try {
    log('chromium: building the app and the benchmark page');
    server = await serve(outDir);
    // allow_unsafe_apis exposes WebGPU timestamp queries, which the kernel profile uses where offered.
    browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS, '--enable-dawn-features=allow_unsafe_apis'],
    });
    const version = browser.version();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      // (The page has no favicon: that 404 is noise.)
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        log(`chromium console: ${message.text()}`);
    });
    await page.goto(`${server.url}/tools/bench/browser/index.html`);
    await page.waitForFunction(() => '__bench' in globalThis);
    const api = (name: keyof BenchPageApi, ...args: unknown[]) =>
      page.evaluate(
        ([fn, rest]) =>
          (globalThis as unknown as { __bench: Record<string, (...a: unknown[]) => unknown> }).__bench[
            fn as string
          ]?.(...(rest as unknown[])),
        [name, args] as const,
      );
    const info: Record<string, unknown> = { version, ...((await api('info')) as Record<string, unknown>) };
    log(`chromium ${version}: WebGPU ${String(info.webgpu)}; WebGL ${String(info.webgl)}`);
    const result: BrowserBench = { ...empty, browser: info, notes: [] };
    for (const entry of plan.timing) await timeBackend(api, entry, methods, info, result, log);
    await api('stop');
    for (const entry of plan.memory) await memoryCheck(api, entry, methods, result, log);
    await api('stop');
    if (plan.smoothSeconds > 0) {
      const setup = plan.smoothQuery ? `&${plan.smoothQuery}` : '';
      log(
        `chromium: page smoothness, ${setup ? setup.slice(1) : 'default comparison'} on wasm, ${plan.smoothSeconds} s of training`,
      );
      const appPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        const measured = await measureSmoothness(
          appPage,
          `${server.url}/?v=2&backend=wasm${setup}`,
          plan.smoothSeconds,
          plan.profileSeconds > 0
            ? { browser, seconds: plan.profileSeconds, outDir, traceFile: plan.smoothTrace }
            : undefined,
        );
        Object.assign(result, {
          smoothness: measured.smoothness,
          ...(measured.profile ? { mainThread: measured.profile } : {}),
        });
      } catch (error) {
        result.notes.push(`page smoothness not measured: ${(error as Error).message.split('\n')[0]}`);
      } finally {
        await appPage.close();
      }
    }
    for (const backend of plan.firstPlot) {
      log(`chromium: Train → first plotted point on the page, default comparison on ${backend}`);
      result.firstPlots.push(await measureFirstPlot(browser, server.url, backend, 5 * MINUTE));
    }
    for (const spec of plan.profiles) {
      if (!methods.includes(spec.method as OptimizerName)) continue;
      const done = result.profiles.some(
        (p) =>
          p.backend === spec.backend &&
          p.method === spec.method &&
          p.batch === spec.batch &&
          p.threads === spec.threads,
      );
      if (done) continue;
      const onThreads = spec.threads === undefined ? '' : ` on ${spec.threads} thread(s)`;
      log(`chromium: kernel profile ${spec.backend}${onThreads} ${spec.method} batch ${spec.batch}`);
      try {
        result.profiles.push((await api('profile', spec, 5 * MINUTE)) as ProfileResult);
      } catch (error) {
        result.notes.push(
          `no ${spec.backend} profile of ${spec.method}: ${(error as Error).message.split('\n')[0]}`,
        );
      }
    }
    return result;
  } catch (error) {
    return { ...empty, notes: [`browser part failed: ${(error as Error).message.split('\n')[0]}`] };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await rm(outDir, { recursive: true, force: true });
  }
}

type Api = (name: keyof BenchPageApi, ...args: unknown[]) => Promise<unknown>;

/** Sessions of at most 8 runs, SGD in each (the reference for the ratios). */
export function lockstepGroups(methods: readonly OptimizerName[]): OptimizerName[][] {
  const others = methods.filter((m) => m !== 'sgd');
  const withSgd = methods.includes('sgd');
  const size = withSgd ? 7 : 8;
  const groups: OptimizerName[][] = [];
  for (let i = 0; i < others.length || groups.length === 0; i += size)
    groups.push([...(withSgd ? (['sgd'] as OptimizerName[]) : []), ...others.slice(i, i + size)]);
  return groups;
}

async function timeBackend(
  api: Api,
  entry: BrowserPlanEntry,
  methods: readonly OptimizerName[],
  info: Record<string, unknown>,
  result: BrowserBench,
  log: Log,
): Promise<void> {
  const chosen = (entry.methods ?? methods).filter((m) => methods.includes(m));
  const synchronous = entry.backend === 'wasm' || entry.backend === 'cpu';
  let fresh = true;
  const endedEarly: { batch: number; method: OptimizerName }[] = [];
  // Thread counts alternate within a batch size, so a burst of load on a shared machine hits both.
  const passes = entry.batches.flatMap((batch) =>
    (entry.threads ?? [undefined]).map((threads) => ({ batch, threads })),
  );
  for (const { batch, threads } of passes) {
    const sessions = synchronous ? lockstepGroups(chosen) : chosen.map((m) => [m]);
    for (const group of sessions) {
      const onThreads = threads === undefined ? '' : ` on ${threads} thread${threads === 1 ? '' : 's'}`;
      log(
        `chromium ${entry.backend}${onThreads} batch ${batch}: ${group.join(', ')}, ${entry.steps} ticks (${entry.warmup} warm-up)`,
      );
      const spec: SessionSpec = {
        backend: entry.backend,
        model: 'small-cnn',
        batch,
        methods: group,
        steps: entry.steps,
        evalEvery: 100_000,
        evalExamples: 100,
        timeoutMs: entry.timeoutMs,
        freshWorker: fresh,
        ...(threads === undefined ? {} : { threads }),
      };
      const trace = trimmed((await api('timeSession', spec)) as SessionTrace);
      if (process.env.BENCH_TRACE_DIR) await dumpTrace(trace);
      if (fresh) {
        const first = firstStepOf(trace);
        if (first) result.firstSteps.push(first);
      }
      fresh = false;
      if (trace.backend && trace.backend.backend !== entry.backend) {
        result.notes.push(
          `${entry.backend} did not start in Chromium (${trace.backend.fallbackReason ?? 'no reason'}); skipped`,
        );
        return;
      }
      if (trace.error) {
        result.notes.push(`${entry.backend} ${group.join('+')} batch ${batch}: ${trace.error}`);
        if (!synchronous && lastStep(trace) < entry.steps)
          endedEarly.push({ batch, method: group[0] as OptimizerName });
      }
      if (trace.timedOut)
        result.notes.push(
          `${entry.backend} ${group.join('+')} batch ${batch}: stopped at the ${entry.timeoutMs / 1000} s limit after ${lastStep(trace)} ticks`,
        );
      const records = synchronous
        ? lockstepRecords(trace, entry.warmup, info)
        : tickRecords(trace, entry.warmup, info);
      // A method already timed in an earlier group (SGD, the reference) is recorded once.
      for (const record of records)
        if (
          !result.records.some(
            (r) =>
              r.host === 'chromium' &&
              r.method === record.method &&
              r.batch === record.batch &&
              r.backend === record.backend,
          )
        )
          result.records.push(record);
    }
  }
  for (const batch of new Set(endedEarly.map((e) => e.batch)))
    await directLoop(api, entry, batch, chosen, info, result, log);
}

/**
 * Where a GPU session ended early (a run's loss turned NaN, so the app stopped it), the methods are
 * timed again outside the protocol: Session.trainStep plus its readback, step after step, in a
 * worker of their own, carrying on past the NaN (same kernels, same cost). SGD is timed the same
 * way, so the ratios compare like with like. A kernel profile of the plan is taken in the same go.
 */
async function directLoop(
  api: Api,
  entry: BrowserPlanEntry,
  batch: number,
  methods: readonly OptimizerName[],
  info: Record<string, unknown>,
  result: BrowserBench,
  log: Log,
): Promise<void> {
  const timed: BenchRecord[] = [];
  for (const method of methods) {
    const planned = entry.profile?.method === method ? entry.profile.profiled : 0;
    log(
      `chromium ${entry.backend} batch ${batch}: ${method} in a direct loop, ${entry.steps} steps${planned ? ' + kernel profile' : ''}`,
    );
    try {
      const spec: ProfileSpec = {
        backend: entry.backend,
        method,
        batch,
        warmup: entry.steps,
        profiled: planned,
      };
      const measured = (await api('profile', spec, entry.timeoutMs + 2 * MINUTE)) as ProfileResult;
      if (planned) result.profiles.push(measured);
      timed.push({
        host: 'chromium',
        backend: `${entry.backend}, direct loop`,
        method,
        batch,
        steps: entry.steps - 1,
        ...throughput(measured.stepMs, batch),
        gradEvalsPerStep: OPTIMIZER_INFO[method].gradEvalsPerStep,
        browser: String(info.version),
        note:
          'Session.trainStep + readback per step in a worker, synthetic batches' +
          (measured.divergedAtStep === undefined
            ? ''
            : `; loss NaN from step ${measured.divergedAtStep} on (stepping went on)`),
      });
    } catch (error) {
      result.notes.push(`${entry.backend} direct loop ${method}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  addSgdRatios(timed);
  result.records.push(...timed);
}

async function memoryCheck(
  api: Api,
  entry: BrowserPlan['memory'][number],
  methods: readonly OptimizerName[],
  result: BrowserBench,
  log: Log,
): Promise<void> {
  const chosen = (entry.methods ?? methods).filter((m) => methods.includes(m));
  for (const batch of entry.batches) {
    for (const group of lockstepGroups(chosen)) {
      log(
        `chromium memory check: ${entry.backend} ${entry.model} batch ${batch}, ${group.join(', ')}, ${entry.steps} ticks`,
      );
      const trace = trimmed(
        (await api('timeSession', {
          backend: entry.backend,
          model: entry.model,
          batch,
          methods: group,
          steps: entry.steps,
          evalEvery: entry.evalEvery,
          evalExamples: 500,
          timeoutMs: entry.timeoutMs,
          freshWorker: false,
        } satisfies SessionSpec)) as SessionTrace,
      );
      const points = memoryPoints([...trace.samples, ...(trace.tail ?? [])], [10, 100, entry.steps]);
      result.memoryChecks.push({
        backend: backendLabel(trace),
        model: entry.model,
        batch,
        methods: group.join(', '),
        points,
        ...(trace.error || trace.timedOut
          ? { note: trace.error ?? `stopped at the time limit after ${lastStep(trace)} ticks` }
          : {}),
      });
    }
  }
}

/** BENCH_TRACE_DIR=folder keeps every session's raw trace there (for debugging the figures). */
async function dumpTrace(trace: SessionTrace): Promise<void> {
  const { spec } = trace;
  const name = `${spec.backend}-${spec.model}-${spec.batch}-${spec.methods.join('+')}.json`;
  await writeFile(join(process.env.BENCH_TRACE_DIR as string, name), JSON.stringify(trace));
}
