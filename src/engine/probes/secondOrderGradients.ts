/**
 * The two gradients tfjs 4.22 lacks for double backprop through the app's CNNs, registered once:
 * Conv2DBackpropFilter (the filter gradient of a convolution) and MaxPoolGrad (the input gradient of
 * max-pooling). With them, ∇(∇L·v) gives the exact Hessian-vector product of ReLU/max-pool networks
 * almost everywhere, where finite differences cross kinks (hvp.ts).
 */
import * as tf from '@tensorflow/tfjs';

type Conv2DAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};
type MaxPoolAttrs = {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
};

const pair = (value: [number, number] | number): [number, number] =>
  Array.isArray(value) ? value : [value, value];

/**
 * ddx at the first maximum of each pooling window of `input` (the window's own routing, transposed):
 * MaxPoolGrad is linear in dy, dx = Mᵀdy, so its gradient with respect to dy is M·ddx.
 */
function atWindowMaxima(input: tf.Tensor4D, ddx: tf.Tensor4D, attrs: MaxPoolAttrs): tf.Tensor4D {
  const [ph, pw] = pair(attrs.filterSize);
  const [sh, sw] = pair(attrs.strides);
  if (attrs.pad !== 'valid' || ph !== sh || pw !== sw)
    throw new Error('second-order max-pooling supports non-overlapping valid windows only');
  const [n, h, w, c] = input.shape;
  const [ho, wo] = [Math.floor(h / ph), Math.floor(w / pw)];
  const offsets = Array.from({ length: ph * pw }, (_, k) => [Math.floor(k / pw), k % pw] as const);
  const windows = (t: tf.Tensor4D) =>
    tf.stack(
      offsets.map(([i, j]) =>
        tf.stridedSlice(t, [0, i, j, 0], [n, i + ho * ph, j + wo * pw, c], [1, ph, pw, 1]),
      ),
      4,
    );
  // tfjs's max-pool gradient routes ties to the first maximum in row-major order; argMax does too.
  const first = tf.oneHot(tf.argMax(windows(input), 4), ph * pw).toFloat();
  return tf.sum(tf.mul(windows(ddx), first), 4) as tf.Tensor4D;
}

let registered = false;

/** Registers the gradients (idempotent; tfjs keeps one gradient per kernel name). */
export function registerSecondOrderGradients(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'Conv2DBackpropFilter',
    inputsToSave: ['x', 'dy'],
    gradFunc: (ddw, saved, attrs) => {
      const [x, dy] = saved as [tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
      const filter = ddw as tf.Tensor4D;
      return {
        x: () => tf.conv2dTranspose(dy, filter, x.shape, strides, pad as 'valid' | 'same', dimRoundingMode),
        dy: () => tf.conv2d(x, filter, strides, pad as 'valid' | 'same', 'NHWC', 1, dimRoundingMode),
      };
    },
  });
  tf.registerGradient({
    kernelName: 'MaxPoolGrad',
    inputsToSave: ['dy', 'input'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, input] = saved as [tf.Tensor4D, tf.Tensor4D];
      return {
        dy: () => atWindowMaxima(input, ddx as tf.Tensor4D, attrs as unknown as MaxPoolAttrs),
        // Piecewise constant in the input: zero almost everywhere.
        input: () => tf.zerosLike(input),
        output: () => tf.zerosLike(dy),
      };
    },
  });
}
