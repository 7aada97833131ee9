/**
 * The fused momentum update on tfjs-backend-webgpu (see ../momentumStep.ts): one shader writes the
 * next buffer, one the next weights, instead of six elementwise kernels per weight tensor. Each
 * shader does the op chain's float32 operations in the same order; only a driver's fused
 * multiply-add may round differently (within the parity tolerance, 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import { type WebGPUBackend, type WebGPUProgram, webgpu_util } from '@tensorflow/tfjs-backend-webgpu';
import { MOMENTUM_STEP_KERNEL, type MomentumStepAttrs } from '../momentumStep';

/** g + λw as the op chain forms it (no decay term when λ = 0, so non-finite weights stay out). */
const decayed = (hasDecay: boolean) =>
  hasDecay ? 'Grad[index] + Param[index] * uniforms.decay' : 'Grad[index]';

/** A flat elementwise program over same-shaped inputs, read by index. */
class ElementwiseProgram implements WebGPUProgram {
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly size = true;
  readonly uniforms = 'momentum : f32, decay : f32, lr : f32,';

  constructor(
    shape: number[],
    readonly variableNames: string[],
    private readonly body: string,
    key: string,
  ) {
    this.outputShape = shape;
    this.dispatchLayout = webgpu_util.flatDispatchLayout(shape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, shape, this.workgroupSize);
    this.shaderKey = `samPlaygroundMomentum_${key}`;
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${this.body}
        }
      }`;
  }
}

/**
 * buf' = β·buf + (g + λw). Only the tensors the shader reads are bound: WebGPU's automatic layout
 * leaves out a binding the shader never reads, and then the bind group would not match it.
 */
function nextBufferProgram(shape: number[], hasDecay: boolean): ElementwiseProgram {
  const body = `setOutputAtIndex(index, Buf[index] * uniforms.momentum + (${decayed(hasDecay)}));`;
  const names = hasDecay ? ['Param', 'Grad', 'Buf'] : ['Grad', 'Buf'];
  return new ElementwiseProgram(shape, names, body, `buffer_${hasDecay}`);
}

/** w' = w - η·d, d = buf' (or (g + λw) + β·buf' with Nesterov). */
function nextParamProgram(shape: number[], hasDecay: boolean, nesterov: boolean): ElementwiseProgram {
  const direction = nesterov ? `(${decayed(hasDecay)}) + Next[index] * uniforms.momentum` : 'Next[index]';
  const body = `let direction = ${direction};
          setOutputAtIndex(index, Param[index] - direction * uniforms.lr);`;
  const names = nesterov ? ['Param', 'Grad', 'Next'] : ['Param', 'Next'];
  return new ElementwiseProgram(shape, names, body, `param_${hasDecay}_${nesterov}`);
}

/** The inputs a program binds, by its variable names. */
function bound(program: ElementwiseProgram, tensors: Record<string, tf.TensorInfo>): tf.TensorInfo[] {
  return program.variableNames.map((name) => tensors[name] as tf.TensorInfo);
}

const fusedMomentumStep: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as WebGPUBackend;
  const { param, grad, buffer } = inputs as unknown as Record<'param' | 'grad' | 'buffer', tf.TensorInfo>;
  const { lr, momentum, weightDecay, nesterov } = attrs as unknown as MomentumStepAttrs;
  const uniforms = [momentum, weightDecay, lr].map((value) => ({ type: 'float32', data: [value] }));
  const hasDecay = weightDecay !== 0;
  const bufferProgram = nextBufferProgram(param.shape, hasDecay);
  const nextBuffer = gpu.runWebGPUProgram(
    bufferProgram,
    bound(bufferProgram, { Param: param, Grad: grad, Buf: buffer }),
    'float32',
    uniforms,
  );
  const paramProgram = nextParamProgram(param.shape, hasDecay, nesterov);
  const nextParam = gpu.runWebGPUProgram(
    paramProgram,
    bound(paramProgram, { Param: param, Grad: grad, Next: nextBuffer }),
    'float32',
    uniforms,
  );
  return [nextBuffer, nextParam];
};

/** Registers the fused update for the `webgpu` backend; idempotent. */
export function registerWebGpuMomentumStep(): void {
  if (tf.getKernel(MOMENTUM_STEP_KERNEL, 'webgpu')) return;
  tf.registerKernel({
    kernelName: MOMENTUM_STEP_KERNEL,
    backendName: 'webgpu',
    kernelFunc: fusedMomentumStep,
  });
}
