/**
 * How the production build is served: the Content-Security-Policy it ships (a <meta> tag in the
 * built index.html, so any static host enforces it, and a header from `vite preview`) and the
 * cross-origin isolation headers that let WASM use threads. vite.config.ts and e2e/hosting.spec.ts
 * read both from here.
 */

/**
 * Only the app's own files run: no inline script, no eval. What the app needs is allowed by name:
 * - `'wasm-unsafe-eval'`: compiling the tfjs WASM binaries (and nothing else: it does not allow eval);
 * - `blob:` workers and scripts: the threaded WASM backend starts its pthread workers from a Blob of
 *   its own source, which they load with importScripts (blob URLs are made only by the page's own code);
 * - `blob:` connects: the WASM worker hands tfjs the threaded binary, with its thread pool's shorter spin
 *   (src/engine/backend/wasm/threadPoolSpin.ts), as a blob URL it made itself, and tfjs fetches it from there;
 * - `data:`/`blob:` images: the favicon and the chart PNG/SVG downloads.
 * `frame-ancestors` is left out: a <meta> policy cannot carry it (the browser logs an error).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** COOP/COEP make the page cross-origin isolated, which the multi-threaded WASM backend needs. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
