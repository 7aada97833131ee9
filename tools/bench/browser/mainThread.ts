/**
 * Why the page is not smooth: while the app trains, a Chrome trace of the page's main thread (its long
 * tasks, with wall and thread time, and the timeline events inside them) and a V8 sampling profile,
 * attributed to bundled modules through the unminified build's `// path` markers. The second pass of
 * the smoothness measurement (smooth.ts), as profiling slows the page down.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';

export interface MainThreadProfile {
  readonly seconds: number;
  /** Top-level main-thread tasks over 50 ms in the trace: count, wall ms and thread (CPU) ms. */
  readonly longTasks: number;
  readonly longTaskWallMs: number;
  readonly longTaskCpuMs: number;
  /** Self time inside those long tasks by trace event (FunctionCall = JS, Layout, Paint, GC …), ms. */
  readonly longTaskByEvent: { name: string; ms: number }[];
  /** JS sampling profile of the main thread over the whole pass: share not idle, self ms by function and by module. */
  readonly busyShare: number;
  readonly byFunction: { name: string; module: string; ms: number }[];
  readonly byModule: { module: string; ms: number }[];
}

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { frames?: { url?: string; processId?: number }[] } };
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** A Chrome trace (top-level tasks, timeline events) and a V8 CPU profile of the page's main thread. */
export async function profileMainThread(
  page: Page,
  browser: Browser,
  seconds: number,
  outDir: string,
  traceFile?: string,
): Promise<MainThreadProfile> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
  });
  await page.waitForTimeout(seconds * 1000);
  const raw = await browser.stopTracing();
  if (traceFile) await writeFile(traceFile, raw);
  const trace = JSON.parse(raw.toString()) as { traceEvents: TraceEvent[] };
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  const modules = await moduleMaps(outDir);
  return { seconds, ...longTaskBreakdown(trace.traceEvents, page.url()), ...cpuBreakdown(profile, modules) };
}

function longTaskBreakdown(
  events: readonly TraceEvent[],
  url: string,
): Pick<MainThreadProfile, 'longTasks' | 'longTaskWallMs' | 'longTaskCpuMs' | 'longTaskByEvent'> {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const pid = started?.args?.data?.frames?.find(
    (f) => f.url && url.startsWith(f.url.split('?')[0] ?? ''),
  )?.processId;
  const main = events.find(
    (e) =>
      e.ph === 'M' &&
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      (pid === undefined || e.pid === pid),
  );
  const empty = { longTasks: 0, longTaskWallMs: 0, longTaskCpuMs: 0, longTaskByEvent: [] };
  if (!main) return empty;
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 50_000);
  const self = new Map<string, number>();
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const inside = mine.filter((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    // Self time: an event's duration less its direct children's (events nest properly on one thread).
    const stack: { event: TraceEvent; children: number }[] = [];
    const close = (upTo: number) => {
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as { event: TraceEvent; children: number };
        if (top.event.ts + (top.event.dur ?? 0) > upTo) break;
        stack.pop();
        const own = (top.event.dur ?? 0) - top.children;
        self.set(top.event.name, (self.get(top.event.name) ?? 0) + own / 1000);
        const parent = stack[stack.length - 1];
        if (parent) parent.children += top.event.dur ?? 0;
      }
    };
    for (const event of inside) {
      close(event.ts);
      stack.push({ event, children: 0 });
    }
    close(Number.POSITIVE_INFINITY);
  }
  return {
    longTasks: tasks.length,
    longTaskWallMs: tasks.reduce((sum, t) => sum + (t.dur ?? 0) / 1000, 0),
    longTaskCpuMs: tasks.reduce((sum, t) => sum + (t.tdur ?? 0) / 1000, 0),
    longTaskByEvent: [...self]
      .map(([name, ms]) => ({ name, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10),
  };
}

/** Per built JS file: the first line of each bundled module (Vite's `// path` markers, unminified build). */
async function moduleMaps(outDir: string): Promise<Map<string, { line: number; module: string }[]>> {
  const maps = new Map<string, { line: number; module: string }[]>();
  const assets = join(outDir, 'assets');
  for (const file of await readdir(assets)) {
    if (!file.endsWith('.js')) continue;
    const lines = (await readFile(join(assets, file), 'utf8')).split('\n');
    const starts: { line: number; module: string }[] = [];
    lines.forEach((text, line) => {
      const match = /^\/\/ ((?:node_modules|src|tools)\/\S+)$/.exec(text);
      if (match?.[1]) starts.push({ line, module: moduleName(match[1]) });
    });
    maps.set(file, starts);
  }
  return maps;
}

/** `node_modules/recharts/es6/x.js` → `recharts`; `src/ui/charts/x.ts` stays. */
function moduleName(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'node_modules') return path;
  return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : (parts[1] ?? path);
}

function cpuBreakdown(
  profile: CpuProfile,
  modules: Map<string, { line: number; module: string }[]>,
): Pick<MainThreadProfile, 'busyShare' | 'byFunction' | 'byModule'> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
    total += ms;
  });
  const moduleOf = (url: string, line: number): string => {
    const file = url.split('/').pop()?.split('?')[0] ?? '';
    const starts = modules.get(file);
    if (!starts) return url ? file : '(native)';
    let found = '(bundle runtime)';
    for (const start of starts) {
      if (start.line > line) break;
      found = start.module;
    }
    return found;
  };
  const byFunction = new Map<string, { name: string; module: string; ms: number }>();
  const byModule = new Map<string, number>();
  let idle = 0;
  for (const [id, ms] of selfMs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const module = frame.url ? moduleOf(frame.url, frame.lineNumber) : frame.functionName || '(native)';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${module}`;
    const entry = byFunction.get(key) ?? { name, module, ms: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
  }
  return {
    busyShare: total > 0 ? 1 - idle / total : Number.NaN,
    byFunction: [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, 12),
    byModule: [...byModule]
      .map(([module, ms]) => ({ module, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12),
  };
}
