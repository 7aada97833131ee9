/** The app and the benchmark page, built by Vite into a folder of their own and served by `vite preview`. */
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';

const ROOT = resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Builds the app and the benchmark page into `outDir` and serves it; returns the base URL and a closer. */
export async function serve(outDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const configFile = join(ROOT, 'vite.config.ts');
  await build({
    root: ROOT,
    configFile,
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      rolldownOptions: {
        input: { app: join(ROOT, 'index.html'), bench: join(ROOT, 'tools/bench/browser/index.html') },
      },
    },
  });
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
