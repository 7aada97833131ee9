import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../../testing/kernelChecks';
import { type LayersTrainer, layersSgdTrainer } from '../../../testing/layersTrainer';
import { initWasmBackendInNode } from './nodeWasm';

beforeAll(async () => {
  await initWasmBackendInNode();
});

/** conv → BN → pool → conv(stride 2) → dense, small enough for the CPU backend to be quick. */
function smallModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [10, 10, 2],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}

/** Builds the model on the current backend with seeded weights and returns a closure doing one SGD step. */
function makeTrainer(seed: number): LayersTrainer {
  const r = rng(seed);
  const model = smallModel();
  model.setWeights(
    model.weights.map((w) => {
      const shape = w.shape as number[];
      const values = Float32Array.from({ length: tf.util.sizeFromShape(shape) }, r);
      if (w.name.includes('variance') || w.name.includes('gamma'))
        return tf.tensor(
          values.map((v) => 1 + v / 4),
          shape,
        );
      return tf.tensor(values, shape);
    }),
  );
  const xs = tf.tensor4d(Float32Array.from({ length: 6 * 10 * 10 * 2 }, r), [6, 10, 10, 2]);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
  return layersSgdTrainer(model, xs, ys, 0.1);
}

describe('training a tf.layers model on wasm', () => {
  it('follows the same loss trajectory as the CPU backend over 20 SGD steps', async () => {
    const losses: Record<string, number[]> = {};
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const trainer = makeTrainer(2024);
      losses[backend] = Array.from({ length: 20 }, () => trainer.step());
      trainer.dispose();
    }
    const cpu = losses.cpu as number[];
    const wasm = losses.wasm as number[];
    // The trajectory must actually move, or equal curves would prove nothing.
    expect(Math.abs((cpu[0] as number) - (cpu[19] as number))).toBeGreaterThan(0.05);
    for (let i = 0; i < 20; i++)
      expect(Math.abs((wasm[i] as number) - (cpu[i] as number)), `step ${i}`).toBeLessThanOrEqual(1e-3);
  });

  it('keeps tf.memory().numTensors (and the backend buffers) flat between step 5 and step 40', async () => {
    await tf.setBackend('wasm');
    const trainer = makeTrainer(7);
    let tensorsAt5 = -1;
    let buffersAt5 = -1;
    for (let step = 1; step <= 40; step++) {
      trainer.step();
      if (step === 5) {
        tensorsAt5 = tf.memory().numTensors;
        buffersAt5 = tf.engine().backend.numDataIds();
      }
    }
    expect(tf.memory().numTensors).toBe(tensorsAt5);
    // Kernel-internal intermediates are backend buffers, invisible to numTensors.
    expect(tf.engine().backend.numDataIds()).toBe(buffersAt5);
    trainer.dispose();
  });
});
