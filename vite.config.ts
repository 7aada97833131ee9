import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** COOP/COEP make the page cross-origin isolated, which the multi-threaded WASM backend needs. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  // Not minified: the threaded WASM backend starts its pthread workers from its own source text, and
  // identifier minification breaks that ("e is not defined" in the blob worker).
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, minify: false },
});
