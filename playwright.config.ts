import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/chromium';

const executablePath = findChromium();
if (!executablePath)
  throw new Error(
    "No Chromium found: set CHROME_PATH or install Debian's chromium (apt-get install -y chromium)",
  );

/** E2E_PORT: another preview port, so a second checkout's e2e run does not reuse this one's server. */
const port = Number(process.env.E2E_PORT ?? 4173);

/** e2e runs against the production build (vite preview), the way users get the app. */
export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 900 },
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
