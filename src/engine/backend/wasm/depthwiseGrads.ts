/**
 * DepthwiseConv2dNativeBackpropInput/Filter for the wasm backend (both absent from tfjs-backend-wasm 4.22).
 * Not on the hot path of the app's presets, so they favour simple, obviously-correct formulations built from
 * XNNPACK-backed stock kernels over peak speed.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { dilateDy, inputGradPlan } from './conv2dBackpropInput';
import { depthwiseConv2d, free, type Info, pad, reshape, run } from './wasmOps';

type Shape4 = [number, number, number, number];

function depthwiseInfo(
  xShape: Shape4,
  filterShape: Shape4,
  attrs: tf.DepthwiseConv2dNativeBackpropInputAttrs | tf.DepthwiseConv2dNativeBackpropFilterAttrs,
): tf.backend_util.Conv2DInfo {
  const dil = attrs.dilations;
  if (!(dil === 1 || dil == null || (Array.isArray(dil) && dil[0] === 1 && dil[1] === 1))) {
    throw new Error('wasm depthwise conv gradients support dilation 1 only (as does tfjs core)');
  }
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode,
    true,
    'channelsLast',
  );
}

/**
 * dx = depthwise conv (stride 1) of zero-dilated dy with the flipped filter, one group per (c, m) output
 * channel, then a sum over the channel multiplier m.
 */
export const depthwiseBackpropInputKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const b = backend as BackendWasm;
  const [kh, kw, c, m] = filter.shape as Shape4;
  const info = depthwiseInfo(a.inputShape, filter.shape as Shape4, a);
  const plan = inputGradPlan(info);
  if (plan === null)
    throw new Error('wasm DepthwiseConv2dNativeBackpropInput: padding larger than the kernel');
  const flipped = run(b, 'Reverse', { x: filter }, { dims: [0, 1] });
  const w = reshape(b, flipped, [kh, kw, c * m, 1]);
  const { dyD, pads } = dilateDy(b, dy, plan);
  const perChannel = depthwiseConv2d(b, dyD, w, pads);
  free(b, flipped, w, dyD);
  if (m === 1) return perChannel;
  const [n, h, wd] = perChannel.shape as Shape4;
  const split = reshape(b, perChannel, [n, h, wd, c, m]);
  const dx = run(b, 'Sum', { x: split }, { axis: [4], keepDims: false });
  free(b, perChannel, split);
  return dx;
};

/**
 * dW[kh,kw,c,m] = Σ_{n,oh,ow} xpad[n, oh·s+kh, ow·s+kw, c] · dy[n,oh,ow,c·m+m']: per tap one strided view of
 * x, a broadcast multiply with dy and a reduction over the N·OH·OW rows.
 */
export const depthwiseBackpropFilterKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const b = backend as BackendWasm;
  const [kh, kw, c, m] = a.filterShape;
  const info = depthwiseInfo(x.shape as Shape4, a.filterShape, a);
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, padInfo } = info;
  const rows = (x.shape[0] as number) * oh * ow;
  const needH = (oh - 1) * sh + kh;
  const needW = (ow - 1) * sw + kw;
  const xp = pad(b, x, [
    [0, 0],
    [padInfo.top, Math.max(0, needH - padInfo.top - info.inHeight)],
    [padInfo.left, Math.max(0, needW - padInfo.left - info.inWidth)],
    [0, 0],
  ]);
  const dy3 = reshape(b, dy, [rows, c, m]);
  const taps: Info[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const view = run(
        b,
        'StridedSlice',
        { x: xp },
        {
          begin: [0, i, j, 0],
          end: [x.shape[0] as number, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c],
          strides: [1, sh, sw, 1],
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        },
      );
      const view3 = reshape(b, view, [rows, c, 1]);
      const prod = run(b, 'Multiply', { a: view3, b: dy3 });
      const sum = run(b, 'Sum', { x: prod }, { axis: [0], keepDims: false });
      taps.push(reshape(b, sum, [1, c, m]));
      free(b, view, view3, prod, sum);
    }
  }
  const kernel = tf.getKernel('Concat', 'wasm');
  if (!kernel) throw new Error('wasm Concat missing');
  const stacked = kernel.kernelFunc({
    inputs: taps as unknown as tf.NamedTensorInfoMap,
    backend: b,
    attrs: { axis: 0 },
  });
  const dW = reshape(b, stacked as Info, [kh, kw, c, m]);
  free(b, xp, dy3, ...taps, stacked as Info);
  return dW;
};
