/**
 * Vitest setup: unit tests run on the WASM backend with our gradient kernels, as the CLI and the
 * benchmarks do; tests that compare against the reference implementation switch to 'cpu' themselves.
 */
import { initWasmBackendInNode } from '../engine/backend/wasm/nodeWasm';

await initWasmBackendInNode();
