/**
 * The first seconds a user waits for (the Chromium half of `npm run bench`): on the real app page
 * with the default comparison, per backend, the time from pressing Train to
 * - the page saying what the worker does (the activity line: "compiling shaders …", "first step …"),
 * - the first point drawn in the loss chart (a dot or a line, after the next paint),
 * and over the following seconds how far the loss chart trails the step counter (in steps, sampled
 * every animation frame): the charts should keep up with the counter from the start.
 * An init script records it all in the page, epoch ms, from a capturing click listener on Train.
 */
import type { Browser } from '@playwright/test';

interface RawFirstPlot {
  trainAt?: number;
  activityAt?: number;
  /** The step counter first above 0: the first step's metrics reached the page. */
  counterAt?: number;
  plotAt?: number;
  /** Per animation frame after the first plot: [epoch ms, counter step, last step drawn]. */
  lag: [number, number, number][];
}

/** Installed with page.addInitScript: runs in the page before any of the app's scripts. */
function instrument(): void {
  const now = () => performance.timeOrigin + performance.now();
  const record: RawFirstPlot = { lag: [] };
  (globalThis as { __firstPlot?: RawFirstPlot }).__firstPlot = record;
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest?.('button');
      if (button?.textContent?.trim() === 'Train') record.trainAt ??= now();
    },
    true,
  );
  const lastDrawn = () => {
    const lines = document.querySelectorAll('figure[data-chart="loss"] .series-line[data-last-x]');
    return Math.max(-1, ...[...lines].map((line) => Number(line.getAttribute('data-last-x'))));
  };
  const plotted = () =>
    document.querySelector('figure[data-chart="loss"] .series-line circle') !== null ||
    [...document.querySelectorAll('figure[data-chart="loss"] .series-line path')].some((path) =>
      (path.getAttribute('d') ?? '').includes('L'),
    );
  const frame = () => {
    if (record.trainAt !== undefined) {
      if (record.activityAt === undefined && document.querySelector('[data-testid="activity"]'))
        record.activityAt = now();
      if (record.plotAt === undefined && plotted()) record.plotAt = now();
      const counter = /step ([\d,]+)/.exec(
        document.querySelector('[data-testid="step-count"]')?.textContent ?? '',
      );
      if (record.counterAt === undefined && Number(counter?.[1]?.replace(/,/g, '') ?? 0) > 0)
        record.counterAt = now();
      if (record.plotAt !== undefined && counter?.[1])
        record.lag.push([now(), Number(counter[1].replace(/,/g, '')), lastDrawn()]);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

export interface FirstPlot {
  readonly backend: string;
  readonly url: string;
  /** Train → the activity line shown; absent when the first point came before any was drawn. */
  readonly activityMs?: number;
  /** Train → the step counter moves (the first step done and its message on the page). */
  readonly counterMs?: number;
  readonly firstPlotMs?: number;
  /** Over `lagSeconds` after the first point: steps the loss chart trails the counter, mean and worst. */
  readonly lagSeconds: number;
  readonly meanLagSteps?: number;
  readonly maxLagSteps?: number;
  readonly note?: string;
}

/** Opens the app on `backend` in a fresh page, presses Train and times the first point. */
export async function measureFirstPlot(
  browser: Browser,
  baseUrl: string,
  backend: string,
  timeoutMs: number,
  lagSeconds = 5,
): Promise<FirstPlot> {
  const url = `${baseUrl}/?v=2&backend=${backend}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.addInitScript({ content: `var __name = (f) => f;\n(${instrument.toString()})();` });
    await page.goto(url);
    await page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 180_000 });
    const used = await page.getByTestId('backend-badge').getAttribute('data-backend');
    if (used !== backend) return { backend, url, lagSeconds, note: `the page fell back to ${used}` };
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () => (globalThis as unknown as { __firstPlot: RawFirstPlot }).__firstPlot.plotAt !== undefined,
      undefined,
      { timeout: timeoutMs },
    );
    await page.waitForTimeout(lagSeconds * 1000);
    const raw = await page.evaluate(
      () => (globalThis as unknown as { __firstPlot: RawFirstPlot }).__firstPlot,
    );
    return { backend, url, lagSeconds, ...analyse(raw) };
  } catch (error) {
    return { backend, url, lagSeconds, note: (error as Error).message.split('\n')[0] };
  } finally {
    await page.close();
  }
}

function analyse(raw: RawFirstPlot): Omit<FirstPlot, 'backend' | 'url' | 'lagSeconds'> {
  const train = raw.trainAt ?? Number.NaN;
  // The chart draws step index i at x = i; the counter shows steps done, i + 1 once step i is in.
  const lags = raw.lag.map(([, counter, drawn]) => Math.max(0, counter - 1 - drawn));
  return {
    ...(raw.activityAt === undefined ? {} : { activityMs: raw.activityAt - train }),
    ...(raw.counterAt === undefined ? {} : { counterMs: raw.counterAt - train }),
    ...(raw.plotAt === undefined ? {} : { firstPlotMs: raw.plotAt - train }),
    ...(lags.length === 0
      ? {}
      : {
          meanLagSteps: lags.reduce((sum, lag) => sum + lag, 0) / lags.length,
          maxLagSteps: Math.max(...lags),
        }),
  };
}
