/** Shared e2e helpers: console-error capture and reads of the page's state (`globalThis.__playground`). */
import { expect, type Page } from '@playwright/test';

/**
 * GPU validation failures arrive as console *warnings* from the worker (an invalid pipeline drops its
 * whole command buffer silently: see src/engine/backend/webgpu/addN.ts), so they count as errors too.
 */
const GPU_VALIDATION =
  /Invalid (ComputePipeline|CommandBuffer|BindGroup|ShaderModule|Buffer)|exceeds the maximum/;

/** Collects console errors, GPU validation warnings and uncaught page errors for a "no errors" assertion. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'error' || (type === 'warning' && GPU_VALIDATION.test(message.text())))
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

type PageState = {
  config: unknown;
  status: string;
  progress?: { step: number; numTensors: number; numBytes: number };
  events: { kind: string; runId?: string; key?: string; step: number; from?: unknown; to?: unknown }[];
  runs: Map<
    string,
    {
      steps: number[];
      values: Record<string, number[]>;
      evaluations: { step: number; testAccuracy: number }[];
      status: string;
      divergedAtStep?: number;
    }
  >;
  imported: {
    id: string;
    runs: { key: string; series: { steps: number[]; values: Record<string, number[]> } }[];
  }[];
};

/** Runs `read` (a self-contained function) on the page's state and returns its serialisable result. */
export function readState<T>(page: Page, read: (state: PageState) => T): Promise<T> {
  return page.evaluate(`(${read.toString()})(globalThis.__playground.state())`) as Promise<T>;
}

/** The recorded training losses of one run, read from the page's store. */
export function lossesOf(page: Page, runId: string): Promise<number[]> {
  return page.evaluate((id) => {
    const view = (
      globalThis as unknown as {
        __playground: { state: () => { runs: Map<string, { values: { loss?: number[] } }> } };
      }
    ).__playground;
    return view.state().runs.get(id)?.values.loss ?? [];
  }, runId);
}

/** Waits until every run in `runIds` has recorded at least `count` steps. */
export async function waitForSteps(
  page: Page,
  runIds: readonly string[],
  count: number,
  timeout = 60_000,
): Promise<void> {
  await expect
    .poll(
      async () =>
        Math.min(...(await Promise.all(runIds.map(async (id) => (await lossesOf(page, id)).length)))),
      { timeout },
    )
    .toBeGreaterThanOrEqual(count);
}

/** A small configuration for slow (software) backends. */
export const TINY = 'model=tiny-cnn&batch=16&evalExamples=200&runs=sgd';
