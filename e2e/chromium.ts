/**
 * The one place that knows how Chromium is found and started for tests. Never a downloaded browser:
 * CHROME_PATH, then the usual system paths. --enable-unsafe-webgpu gives a (software) WebGPU adapter
 * on machines without a GPU.
 */
import { existsSync } from 'node:fs';

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return SYSTEM_PATHS.find((path) => existsSync(path));
}

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--no-sandbox',
];
