/**
 * A short training-shaped workload (conv + dense, forward and backward) to compare backends on this
 * machine: `auto` picks the fastest when no hardware GPU adapter exists.
 */
import * as tf from '@tensorflow/tfjs';

/** Median ms of a small forward-backward pass on the active backend (after two warm-up runs). */
export async function measureTrainingStepMs(repeats = 3): Promise<number> {
  const x = tf.randomNormal([16, 28, 28, 1], 0, 1, 'float32', 1);
  const kernel = tf.variable(tf.randomNormal([3, 3, 1, 8], 0, 0.1, 'float32', 2));
  const dense = tf.variable(tf.randomNormal([14 * 14 * 8, 10], 0, 0.01, 'float32', 3));
  const pass = async () => {
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => {
        const features = tf.maxPool(
          tf.relu(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same')),
          2,
          2,
          'valid',
        );
        return tf.mean(tf.square(tf.matMul(features.reshape([16, -1]), dense)));
      }),
    );
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const times: number[] = [];
  try {
    for (let i = 0; i < repeats + 2; i++) {
      const started = performance.now();
      await pass();
      if (i >= 2) times.push(performance.now() - started);
    }
  } finally {
    tf.dispose([x, kernel, dense]);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
