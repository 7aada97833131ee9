/**
 * tfjs-backend-webgpu 4.22's AddN binds every input as its own storage buffer in one shader. WebGPU
 * devices get maxStorageBuffersPerShaderStage = 8 unless more is requested (tfjs does not), so an
 * addN of 8 or more tensors (one output + 8 inputs) makes an invalid pipeline: the device only logs a
 * validation warning, the whole command buffer it was batched into is dropped, and the result holds
 * whatever its pooled buffer held before. The global gradient norm of a model with 8 weight tensors
 * (the small CNN) is such an addN, so SAM's e = ρ·g/‖g‖ came out garbage and the next step NaN.
 * tfjs's own Concat splits its inputs the same way.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-webgpu';

/**
 * Sums at most (limit - 1) inputs per shader, folding left (the running sum is the first input of the
 * next shader), so the result is the same left-to-right float32 sum one shader would compute.
 */
export function chunkedAddN(stock: tf.KernelFunc): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const tensors = inputs as unknown as tf.TensorInfo[];
    const gpu = backend as WebGPUBackend;
    const perShader = Math.max(2, gpu.device.limits.maxStorageBuffersPerShaderStage - 1);
    const run = (some: tf.TensorInfo[]) =>
      stock({ inputs: some as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
    if (tensors.length <= perShader) return run(tensors);
    let sum = run(tensors.slice(0, perShader));
    for (let i = perShader; i < tensors.length; i += perShader - 1) {
      const next = run([sum, ...tensors.slice(i, i + perShader - 1)]);
      gpu.disposeData(sum.dataId);
      sum = next;
    }
    return sum;
  };
}

let registered: tf.KernelFunc | undefined;

/** Swaps the stock WebGPU AddN for the chunked one; idempotent. */
export function registerWebGpuAddN(): void {
  const stock = tf.getKernel(tf.AddN, 'webgpu');
  if (!stock || stock.kernelFunc === registered) return;
  registered = chunkedAddN(stock.kernelFunc);
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ kernelName: tf.AddN, backendName: 'webgpu', kernelFunc: registered });
}
