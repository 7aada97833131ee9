/**
 * Makes the tfjs `wasm` backend train conv nets, and do it fast. tfjs-backend-wasm 4.22 ships no
 * Conv2DBackpropFilter and no depthwise backprop kernels (a tf.layers conv net dies in backprop). Several kernels
 * it does ship are slow on the training path (Conv2DBackpropInput and transposed BatchMatMul are scalar loops;
 * Sum/Mean over leading axes transpose first; Identity copies every tensor saved for backprop, and Cast every
 * same-dtype cast; bias-shaped broadcasts are 4-8× slower than same-shape ops, and small ones slower still on
 * the thread pool; the ReLU gradient is three kernels, fused in reluGrad.ts; SGD's momentum update is six, fused
 * in momentumStep.ts) and MaxPoolGrad is also wrong (see maxPoolGrad.ts). We register replacements under the
 * standard kernel names, so tf.layers, tf.variableGrads and every optimizer work unchanged. Each override
 * handles its fast case and delegates everything else to the stock kernel.
 *
 * Browser usage (worker; this module has no Node imports): `setWasmPaths(prefix)`, then
 * `registerWasmGradKernels()`, then `await tf.setBackend('wasm')`. Node: `initWasmBackendInNode()` from
 * './nodeWasm' does all three.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { MOMENTUM_STEP_KERNEL } from '../momentumStep';
import { batchMatMulKernel } from './batchMatMul';
import { addKernel, multiplyKernel, subKernel } from './broadcastBinary';
import { conv2dBackpropFilterKernel } from './conv2dBackpropFilter';
import { conv2dBackpropInputKernel } from './conv2dBackpropInput';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwiseGrads';
import { castKernel, identityKernel } from './identityAndCast';
import { maxPoolGradKernel } from './maxPoolGrad';
import { momentumStepKernel } from './momentumStep';
import { meanKernel, sumKernel } from './reductions';
import { registerWasmReluGrad } from './reluGrad';
import { captureStock } from './wasmOps';

/** Kernels we provide; `replacesStock` ones exist in the package but are slow (or wrong) and get swapped out. */
const KERNELS: ReadonlyArray<{ name: string; kernelFunc: tf.KernelFunc; replacesStock: boolean }> = [
  { name: tf.Conv2DBackpropFilter, kernelFunc: conv2dBackpropFilterKernel, replacesStock: false },
  {
    name: tf.DepthwiseConv2dNativeBackpropFilter,
    kernelFunc: depthwiseBackpropFilterKernel,
    replacesStock: false,
  },
  {
    name: tf.DepthwiseConv2dNativeBackpropInput,
    kernelFunc: depthwiseBackpropInputKernel,
    replacesStock: false,
  },
  { name: tf.Conv2DBackpropInput, kernelFunc: conv2dBackpropInputKernel, replacesStock: true },
  { name: tf.BatchMatMul, kernelFunc: batchMatMulKernel, replacesStock: true },
  { name: tf.MaxPoolGrad, kernelFunc: maxPoolGradKernel, replacesStock: true },
  { name: tf.Sum, kernelFunc: sumKernel, replacesStock: true },
  { name: tf.Mean, kernelFunc: meanKernel, replacesStock: true },
  { name: tf.Identity, kernelFunc: identityKernel, replacesStock: true },
  { name: tf.Cast, kernelFunc: castKernel, replacesStock: true },
  { name: tf.Add, kernelFunc: addKernel, replacesStock: true },
  { name: tf.Sub, kernelFunc: subKernel, replacesStock: true },
  { name: tf.Multiply, kernelFunc: multiplyKernel, replacesStock: true },
];

/**
 * Registers the kernels above for backend 'wasm' (`replaceSlowStock: false` adds only the missing ones, to
 * measure the stock kernels). Idempotent: a kernel already pointing at our function is
 * left alone, so calling twice neither warns nor loses the captured stock kernel we delegate to. Works before
 * or after the backend is initialised (our kernels need no setupFunc).
 */
export function registerWasmGradKernels(options: { replaceSlowStock?: boolean } = {}): void {
  const replaceSlowStock = options.replaceSlowStock ?? true;
  if (replaceSlowStock) {
    registerWasmReluGrad();
    if (!tf.getKernel(MOMENTUM_STEP_KERNEL, 'wasm'))
      tf.registerKernel({
        kernelName: MOMENTUM_STEP_KERNEL,
        backendName: 'wasm',
        kernelFunc: momentumStepKernel,
      });
  }
  for (const { name, kernelFunc, replacesStock } of KERNELS) {
    const current = tf.getKernel(name, 'wasm');
    if (current?.kernelFunc === kernelFunc) continue;
    if (replacesStock && !replaceSlowStock) continue; // profiling the stock kernels ("before" numbers).
    if (current && !replacesStock) continue; // a newer tfjs-backend-wasm ships it: trust the package.
    if (current) {
      captureStock(name);
      tf.unregisterKernel(name, 'wasm');
    }
    // Keep the stock setupFunc: it cwraps the C++ entry point our kernel delegates to, and the engine only
    // runs setupFuncs of kernels registered when the backend initialises.
    const config: tf.KernelConfig = { kernelName: name, backendName: 'wasm', kernelFunc };
    if (current?.setupFunc) config.setupFunc = current.setupFunc;
    if (current?.disposeFunc) config.disposeFunc = current.disposeFunc;
    tf.registerKernel(config);
  }
}

/** Names of the kernels registerWasmGradKernels installs (for diagnostics and tests). */
export const WASM_GRAD_KERNEL_NAMES: readonly string[] = KERNELS.map((k) => k.name);
