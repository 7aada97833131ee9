/**
 * tfjs-backend-webgpu in Node, on Dawn's Node bindings (npm `webgpu`): no browser. tfjs registers its
 * WebGPU backend only when `navigator.gpu` exists at import time, so this registers the same factory
 * itself, on Dawn's `create([])`, then applies the project's WebGPU fixes and counts dispatches.
 * Needs the environment of `dawnEnvironment.ts` (a Vulkan loader and driver) set before it starts.
 */
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { registerWebGpuAddN } from '../../src/engine/backend/webgpu/addN';
import {
  type DispatchCounter,
  installDispatchCounter,
} from '../../src/engine/backend/webgpu/dispatchCounter';
import { registerWebGpuMomentumStep } from '../../src/engine/backend/webgpu/momentumStep';

export interface DawnAdapter {
  /** "vendor architecture (description)" as the adapter reports itself. */
  readonly name: string;
  /** A fallback or a known software rasteriser (SwiftShader, llvmpipe, lavapipe): not a real GPU. */
  readonly software: boolean;
}

export interface DawnBackend {
  readonly adapter: DawnAdapter;
  readonly counter: DispatchCounter;
}

const SOFTWARE_DRIVERS = /swiftshader|llvmpipe|lavapipe|software/i;

let started: Promise<DawnBackend> | undefined;

/** Makes tfjs's `webgpu` the active backend on Dawn's adapter; throws when there is none. Idempotent. */
export function initDawnBackend(): Promise<DawnBackend> {
  started ??= start();
  return started;
}

async function start(): Promise<DawnBackend> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]) as GPU;
  exposeAsNavigatorGpu(gpu);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw new Error(
      'Dawn found no WebGPU adapter: no Vulkan driver (set VK_ICD_FILENAMES, or install chromium for SwiftShader)',
    );
  const info = adapter.info;
  const counter = installDispatchCounter(globals as never);
  tf.registerBackend('webgpu', async () => new WebGPUBackend(await requestDevice(adapter), info), 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend on Dawn');
  registerWebGpuAddN();
  registerWebGpuMomentumStep();
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  const name = `${info.vendor} ${info.architecture} (${info.description || info.device})`;
  return { adapter: { name, software: fallback || SOFTWARE_DRIVERS.test(name) }, counter };
}

/** tfjs's WebGPUBackend refuses to start unless `navigator.gpu` exists (Node 21+ has a navigator, 20 none). */
function exposeAsNavigatorGpu(gpu: GPU): void {
  const scope = globalThis as { navigator?: object };
  if (scope.navigator === undefined) scope.navigator = {};
  Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
}

/** The device tfjs's own factory asks for: the adapter's compute limits and timestamp queries. */
function requestDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  const limits = adapter.limits;
  return adapter.requestDevice({
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
}
