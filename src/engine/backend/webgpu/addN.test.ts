import type * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chunkedAddN } from './addN';

/** A stand-in backend whose tensors are numbers and whose AddN records how many inputs each shader got. */
function fakeWebGpu(maxStorageBuffersPerShaderStage: number) {
  const values = new Map<object, number>();
  const shaderInputs: number[] = [];
  const tensor = (value: number): tf.TensorInfo => {
    const dataId = {};
    values.set(dataId, value);
    return { dataId, shape: [], dtype: 'float32' };
  };
  const backend = {
    device: { limits: { maxStorageBuffersPerShaderStage } },
    disposeData: (dataId: object) => values.delete(dataId),
  } as unknown as tf.KernelBackend;
  const stock: tf.KernelFunc = ({ inputs }) => {
    const list = inputs as unknown as tf.TensorInfo[];
    shaderInputs.push(list.length);
    return tensor(list.reduce((sum, t) => sum + (values.get(t.dataId) as number), 0));
  };
  return { values, shaderInputs, tensor, backend, stock };
}

describe('chunked WebGPU AddN', () => {
  it('never binds more inputs than the device allows, sums right and frees every partial sum', () => {
    for (let n = 1; n <= 30; n++) {
      const fake = fakeWebGpu(8);
      const inputs = Array.from({ length: n }, (_, i) => fake.tensor(i + 1));
      const addN = chunkedAddN(fake.stock);
      const result = addN({
        inputs: inputs as unknown as tf.NamedTensorInfoMap,
        backend: fake.backend,
        attrs: {},
      });
      const { dataId } = result as tf.TensorInfo;
      expect(fake.values.get(dataId)).toBe((n * (n + 1)) / 2);
      expect(Math.max(...fake.shaderInputs)).toBeLessThanOrEqual(7);
      expect(fake.shaderInputs).toHaveLength(n <= 7 ? 1 : 1 + Math.ceil((n - 7) / 6));
      expect(fake.values.size).toBe(n + 1); // the inputs and the result, no partial sum left
    }
  });
});
