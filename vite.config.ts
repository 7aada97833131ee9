import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, ISOLATION_HEADERS } from './tools/common/hosting.ts';

/**
 * The built index.html carries the policy as its first <meta>, so a static host without custom
 * headers still enforces it. Build only: the dev server injects an inline React Refresh script.
 */
const contentSecurityPolicy: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    },
  ],
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy],
  resolve: {
    alias: {
      // See the file: no eval under the policy, and no violation report from @stdlib's probe.
      '@stdlib/utils-eval': fileURLToPath(new URL('./tools/common/evalForbidden.cjs', import.meta.url)),
    },
  },
  server: { headers: ISOLATION_HEADERS, port: 5173 },
  preview: {
    headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    port: 4173,
  },
  worker: { format: 'es' },
  // Not minified: the threaded WASM backend starts its pthread workers from its own source text, and
  // identifier minification breaks that ("e is not defined" in the blob worker).
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, minify: false },
});
