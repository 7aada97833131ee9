/** Shared e2e helpers: console-error capture and a read of the page's state. */
import type { Page } from '@playwright/test';

/** Collects console errors and uncaught page errors for a "no errors" assertion. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The recorded training losses of one run, read from the page's store. */
export function lossesOf(page: Page, runId: string): Promise<number[]> {
  return page.evaluate((id) => {
    const view = (globalThis as unknown as { __playground: { state: () => { runs: Map<string, { values: { loss?: number[] } }> } } })
      .__playground;
    return view.state().runs.get(id)?.values.loss ?? [];
  }, runId);
}

/** A small configuration for slow (software) backends. */
export const TINY = 'model=tiny-cnn&batch=16&evalExamples=200';
