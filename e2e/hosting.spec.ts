/**
 * Safe to host: the production build trains under its Content-Security-Policy (vite preview sends it
 * as a header, the built index.html carries it as a <meta>), trains from a plain static server that
 * sends no COOP/COEP (single-threaded WASM, and the badge says why), and shows every text from a link
 * or a bundle as text.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { BUNDLE_FORMAT } from '../src/config/bundle';
import { DEFAULT_CONFIG } from '../src/config/defaults';
import { encodeConfig } from '../src/config/url';
import { CONTENT_SECURITY_POLICY } from '../tools/common/hosting';
import { collectErrors, TINY } from './helpers';

const TRAIN_THREE = `backend=wasm&steps=3&evalEvery=3&${TINY}`;

/** Markup that would run if any text were put into the page as HTML (attribute or element context). */
const MARKUP = `"><img src=x onerror=alert(1)>`;

/** What a host without custom headers does: files with a content type, nothing else. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

async function plainStaticServer(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    try {
      if (!file.startsWith(root)) throw new Error('outside the build');
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Records CSP violations of the page (the worker's arrive as console errors). */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { __violations?: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  return () => page.evaluate(() => (globalThis as { __violations?: string[] }).__violations ?? []);
}

async function trainThreeSteps(page: Page): Promise<void> {
  await expect(page.getByTestId('status')).toHaveText('Ready');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('Done', { timeout: 120_000 });
}

test('vite preview sends the Content-Security-Policy and the app trains under it, WASM threaded', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const violations = await recordViolations(page);
  const response = await page.goto(`/?${TRAIN_THREE}`);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    CONTENT_SECURITY_POLICY,
  );
  // tfjs gives XNNPACK one thread per logical core; on a one-core machine the threaded build runs one.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(page.getByTestId('backend-badge')).toContainText(
    cores > 1 ? `SIMD, ${cores} threads` : 'SIMD, single-threaded',
  );
  await trainThreeSteps(page);
  expect({ violations: await violations(), errors }).toEqual({ violations: [], errors: [] });
});

test('the policy is in force: an injected inline script does not run', async ({ page }) => {
  const violations = await recordViolations(page);
  await page.goto('/');
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'globalThis.__inlineRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (globalThis as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  expect(await violations()).toContainEqual(expect.stringMatching(/^script-src/));
});

test('a plain static server without COOP/COEP: single-threaded WASM, the badge says why, and it trains', async ({
  page,
}) => {
  const { server, url } = await plainStaticServer(join(process.cwd(), 'dist'));
  try {
    const errors = collectErrors(page);
    const violations = await recordViolations(page);
    const response = await page.goto(`${url}/?${TRAIN_THREE}`);
    expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-backend', 'wasm');
    await expect(badge).toContainText('single-threaded (page not cross-origin isolated)');
    await trainThreeSteps(page);
    expect({ violations: await violations(), errors }).toEqual({ violations: [], errors: [] });
  } finally {
    server.close();
  }
});

test.describe('texts from links and bundles are shown as text', () => {
  test('run names and unknown parameters from a link', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const config = {
      ...DEFAULT_CONFIG,
      runs: DEFAULT_CONFIG.runs.map((run, i) => ({ ...run, name: `${MARKUP}${i}` })),
    };
    await page.goto(`/?${encodeConfig(config)}&${encodeURIComponent(MARKUP)}=1`);
    await expect(page.getByTestId('status')).toHaveText('Ready');
    await expect(page.locator('.legend-item').first()).toHaveText(`${MARKUP}0`);
    await expect(page.getByText(`unknown URL parameter "${MARKUP}" was ignored`)).toBeVisible();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test('run names, events, environment and the file name of an imported bundle', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const bundle = {
      format: BUNDLE_FORMAT,
      bundleVersion: 1,
      config: DEFAULT_CONFIG,
      runs: [
        {
          id: MARKUP,
          name: MARKUP,
          optimizer: 'sgd',
          steps: [0, 1],
          metrics: { loss: [2, 1], [MARKUP]: [0, 0] },
          evaluations: [],
          divergedAtStep: 1,
        },
      ],
      events: [{ kind: 'diverged', runId: MARKUP, step: 1, message: MARKUP }],
      environment: { appVersion: MARKUP, timestamp: MARKUP, userAgent: MARKUP, backend: MARKUP },
    };
    await page.goto('/');
    await expect(page.getByTestId('status')).toHaveText('Ready');
    await page.getByTestId('import-file').setInputFiles({
      name: `${MARKUP}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bundle)),
    });
    await expect(page.getByTestId('imports')).toContainText(`${MARKUP}.json`);
    await expect(page.locator('.legend-item', { hasText: `${MARKUP} (imported)` })).toHaveCount(1);
    await expect(page.getByText(`unknown metric "${MARKUP}" was ignored`)).toBeVisible();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});
