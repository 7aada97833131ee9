/**
 * Page smoothness while the app trains (the Chromium half of `npm run bench`): the real app page, the
 * default comparison (SGD with its sharpness probe, SAM, BiSAM) on WASM, instrumented from outside
 * with an init script that runs before the app:
 * - main-thread long tasks (PerformanceObserver 'longtask');
 * - frame gaps (a requestAnimationFrame loop);
 * - step-to-pixel latency: `Worker` is wrapped so the page's own listener sees each `metrics` event
 *   first (its arrival time and `progress.lastStepAt`, the epoch ms its newest step finished in the
 *   worker); a MutationObserver on the loss chart's line paths marks every event that arrived before
 *   a redraw as drawn by it, at the first task after the next animation frame (the frame that paints
 *   it has been produced by then). Latency = drawn − lastStepAt, both epoch ms
 *   (performance.timeOrigin + performance.now() in page and worker).
 * Everything after the first second of training counts; the first second (start-up) is left out.
 */
import type { Browser, Page } from '@playwright/test';
import { percentile } from '../stats';
import { type MainThreadProfile, profileMainThread } from './mainThread';

interface RawMessage {
  arrivedAt: number;
  step: number;
  lastStepAt?: number;
  mutatedAt?: number;
  drawnAt?: number;
}

interface RawSmoothness {
  longTasks: { start: number; duration: number }[];
  frames: number[];
  messages: RawMessage[];
}

/** Installed with page.addInitScript: runs in the page before any of the app's scripts. */
function instrument(): void {
  const now = () => performance.timeOrigin + performance.now();
  const record: RawSmoothness = { longTasks: [], frames: [], messages: [] };
  (globalThis as { __smooth?: RawSmoothness }).__smooth = record;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      record.longTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const frame = (time: number) => {
    record.frames.push(performance.timeOrigin + time);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  const NativeWorker = globalThis.Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      // Registered before the app sets onmessage, so it runs first: the arrival time is the page's.
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as {
          type?: string;
          replayed?: boolean;
          progress?: { step: number; lastStepAt?: number };
          chunks?: { steps: ArrayLike<number> }[];
        };
        if (data?.type !== 'metrics' || data.replayed || !data.progress) return;
        // Only messages with new steps: one that carries an evaluation alone repeats the last step.
        if (!data.chunks?.some((chunk) => chunk.steps.length > 0)) return;
        record.messages.push({
          arrivedAt: now(),
          step: data.progress.step,
          ...(data.progress.lastStepAt === undefined ? {} : { lastStepAt: data.progress.lastStepAt }),
        });
      });
    }
  };

  const afterPaint = (messages: RawMessage[]) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const at = now();
        for (const message of messages) message.drawnAt ??= at;
        channel.port1.close();
      };
      channel.port2.postMessage(null);
    });
  const observer = new MutationObserver((mutations) => {
    const drawn = mutations.some((mutation) => {
      const target = mutation.target as Element;
      return target.closest?.('figure[data-chart="loss"] .series-line') != null;
    });
    if (!drawn) return;
    const at = now();
    const undrawn = record.messages.filter((m) => m.mutatedAt === undefined);
    for (const message of undrawn) message.mutatedAt = at;
    if (undrawn.length > 0) afterPaint(undrawn);
  });
  const observe = () =>
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['d'],
    });
  if (document.documentElement) observe();
  else document.addEventListener('DOMContentLoaded', observe);
}

export interface Smoothness {
  readonly url: string;
  /** Training time measured (after the first second), s, and ticks done in it. */
  readonly windowSeconds: number;
  readonly ticks: number;
  readonly longTasks: number;
  readonly longTasksOver50ms: number;
  readonly longestTaskMs: number;
  readonly longTaskMsTotal: number;
  readonly frames: number;
  readonly worstFrameGapMs: number;
  readonly frameGapP95Ms: number;
  readonly metricsMessages: number;
  readonly undrawnMessages: number;
  /** lastStepAt → drawn, and its two parts: worker → page (arrival) and page → pixel. */
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
  readonly latencyMaxMs: number;
  readonly workerToPageP95Ms: number;
  readonly pageToPixelP95Ms: number;
  /** The three slowest steps to reach the screen, with the worker → page part (where the delay was). */
  readonly slowest?: { step: number; ms: number; workerToPageMs: number }[];
  /** The same page idle (ready, not training), for scale: frames per second and worst gap. */
  readonly idleFramesPerSecond?: number;
  readonly idleWorstFrameGapMs?: number;
  readonly startupLongTasks: number[];
}

/**
 * Opens the app at `url`, trains for `seconds` and measures the page while it does; then, where
 * `profile` is given, profiles the page for `profile.seconds` more (a second pass, as profiling
 * slows the page down).
 */
export async function measureSmoothness(
  page: Page,
  url: string,
  seconds: number,
  profile?: { browser: Browser; seconds: number; outDir: string; traceFile?: string | undefined },
): Promise<{ smoothness: Smoothness; profile?: MainThreadProfile }> {
  // As source text: tsx may wrap named functions in an `__name` helper the page does not have.
  await page.addInitScript({ content: `var __name = (f) => f;\n(${instrument.toString()})();` });
  await page.goto(url);
  await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 120_000 });
  // Two idle seconds first: the frame rate this headless browser gives an idle page, for scale.
  const epoch = () => page.evaluate(() => performance.timeOrigin + performance.now());
  await page.waitForTimeout(500);
  const idle = { from: await epoch(), to: 0 };
  await page.waitForTimeout(2000);
  idle.to = await epoch();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // Training starts with the first metrics event of step ≥ 1; measure `seconds` after its first second.
  await page.waitForFunction(
    () => (globalThis as unknown as { __smooth: RawSmoothness }).__smooth.messages.some((m) => m.step >= 1),
    undefined,
    { timeout: 120_000 },
  );
  await page.waitForTimeout(1000 + seconds * 1000);
  const raw = await page.evaluate(() => {
    const record = (globalThis as unknown as { __smooth: RawSmoothness }).__smooth;
    return JSON.parse(JSON.stringify(record)) as RawSmoothness;
  });
  const smoothness = analyse(url, raw, idle);
  const why = profile
    ? await profileMainThread(page, profile.browser, profile.seconds, profile.outDir, profile.traceFile)
    : undefined;
  await page
    .getByRole('button', { name: 'Pause', exact: true })
    .click()
    .catch(() => undefined);
  return { smoothness, ...(why ? { profile: why } : {}) };
}

export function analyse(url: string, raw: RawSmoothness, idle?: { from: number; to: number }): Smoothness {
  const idleFrames = idle ? raw.frames.filter((t) => t >= idle.from && t <= idle.to) : [];
  const idleGaps = idleFrames.slice(1).map((t, i) => t - (idleFrames[i] as number));
  const first = raw.messages.find((m) => m.step >= 1);
  const trainingStart = first?.lastStepAt ?? first?.arrivedAt ?? 0;
  const from = trainingStart + 1000;
  // Messages still in flight at the end have had no chance to be drawn: leave the last second out.
  const lastFrame = raw.frames[raw.frames.length - 1] ?? from;
  const to = Math.max(from, lastFrame);
  const tasks = raw.longTasks.filter((t) => t.start >= from && t.start <= to);
  const frames = raw.frames.filter((t) => t >= from && t <= to);
  const gaps = frames.slice(1).map((t, i) => t - (frames[i] as number));
  const messages = raw.messages.filter((m) => m.arrivedAt >= from && m.arrivedAt <= to - 1000);
  const drawn = messages.filter((m) => m.drawnAt !== undefined && m.lastStepAt !== undefined);
  const latency = drawn.map((m) => (m.drawnAt as number) - (m.lastStepAt as number));
  const windowMessages = raw.messages.filter((m) => m.arrivedAt >= from && m.arrivedAt <= to);
  const ticks =
    windowMessages.length > 1
      ? (windowMessages[windowMessages.length - 1]?.step ?? 0) - (windowMessages[0]?.step ?? 0)
      : 0;
  return {
    url,
    windowSeconds: (to - from) / 1000,
    ticks,
    longTasks: tasks.length,
    longTasksOver50ms: tasks.filter((t) => t.duration > 50).length,
    longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
    longTaskMsTotal: tasks.reduce((sum, t) => sum + t.duration, 0),
    frames: frames.length,
    worstFrameGapMs: Math.max(0, ...gaps),
    frameGapP95Ms: percentile(gaps, 95),
    metricsMessages: messages.length,
    undrawnMessages: messages.length - drawn.length,
    latencyP50Ms: percentile(latency, 50),
    latencyP95Ms: percentile(latency, 95),
    latencyMaxMs: Math.max(0, ...latency),
    workerToPageP95Ms: percentile(
      drawn.map((m) => m.arrivedAt - (m.lastStepAt as number)),
      95,
    ),
    pageToPixelP95Ms: percentile(
      drawn.map((m) => (m.drawnAt as number) - m.arrivedAt),
      95,
    ),
    slowest: drawn
      .map((m) => ({
        step: m.step,
        ms: (m.drawnAt as number) - (m.lastStepAt as number),
        workerToPageMs: m.arrivedAt - (m.lastStepAt as number),
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3),
    ...(idle
      ? {
          idleFramesPerSecond: idleFrames.length / ((idle.to - idle.from) / 1000),
          idleWorstFrameGapMs: Math.max(0, ...idleGaps),
        }
      : {}),
    startupLongTasks: raw.longTasks.filter((t) => t.start < from).map((t) => Math.round(t.duration)),
  };
}
