/**
 * Conv2DBackpropInput for the wasm backend. The stock 4.22 kernel exists but is a scalar C++ loop (no XNNPACK,
 * no SIMD), so the input gradient of a conv layer cost several times its forward pass; here it is re-expressed
 * as a stride-1 XNNPACK convolution of (zero-dilated) dy with the spatially flipped, in/out-swapped filter.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2d, free, type Info, pad, reshape, run, slice, transpose } from './wasmOps';

/** Padding and dy preparation shared by the dense and depthwise input gradients. */
export interface InputGradPlan {
  /** Explicit [top, bottom, left, right] padding of the stride-1 "full" convolution over dilated dy. */
  pads: [number, number, number, number];
  sh: number;
  sw: number;
}

/**
 * With a = K-1-padTop and b = inH + padTop - (outH-1)·s - 1, a stride-1 convolution of the dilated dy
 * (outH-1)·s+1 rows high, padded by [a, b], yields exactly inH rows. Returns null for explicit paddings larger
 * than the kernel (a or b < 0), which no Keras layer produces; callers then use the stock kernel.
 */
export function inputGradPlan(info: tf.backend_util.Conv2DInfo): InputGradPlan | null {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const a = kh - 1 - top;
  const c = kw - 1 - left;
  const bottom = info.inHeight + top - (info.outHeight - 1) * sh - 1;
  const right = info.inWidth + left - (info.outWidth - 1) * sw - 1;
  if (a < 0 || c < 0 || bottom < 0 || right < 0) return null;
  return { pads: [a, bottom, c, right], sh, sw };
}

/**
 * Inserts stride-1 zeros between dy's rows/cols (as a pad of a [N,OH,1,OW,1,C] view, one XNNPACK-free but
 * linear copy) and returns it with the pads adjusted for the zero rows it appends after the last row.
 */
export function dilateDy(
  b: BackendWasm,
  dy: Info,
  plan: InputGradPlan,
): { dyD: Info; pads: InputGradPlan['pads'] } {
  const { sh, sw } = plan;
  if (sh === 1 && sw === 1) return { dyD: reshape(b, dy, dy.shape), pads: plan.pads };
  const [n, oh, ow, c] = dy.shape as [number, number, number, number];
  const dy6 = reshape(b, dy, [n, oh, 1, ow, 1, c]);
  const padded = pad(b, dy6, [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  const full = reshape(b, padded, [n, oh * sh, ow * sw, c]);
  // The trailing sh-1 zero rows count towards the bottom padding; crop any the plan does not want.
  const [top, bottom, left, right] = plan.pads;
  const extraH = Math.max(0, sh - 1 - bottom);
  const extraW = Math.max(0, sw - 1 - right);
  const dyD = slice(b, full, [0, 0, 0, 0], [n, oh * sh - extraH, ow * sw - extraW, c]);
  free(b, dy6, padded, full);
  return {
    dyD,
    pads: [top, Math.max(0, bottom - (sh - 1)), left, Math.max(0, right - (sw - 1))],
  };
}

export const conv2dBackpropInputKernel: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    1,
    a.pad as 'same',
    a.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(a.dataFormat),
  );
  const plan = info.dataFormat === 'channelsLast' ? inputGradPlan(info) : null;
  const b = backend as BackendWasm;
  if (plan === null) return run(b, tf.Conv2DBackpropInput, inputs as Record<string, Info>, attrs);
  // W[kh,kw,ci,co] -> W'[KH-1-kh, KW-1-kw, co, ci]: tiny, done per call because the weights change per step.
  const flipped = run(b, 'Reverse', { x: filter }, { dims: [0, 1] });
  const wT = transpose(b, flipped, [0, 1, 3, 2]);
  const { dyD, pads } = dilateDy(b, dy, plan);
  const dx = conv2d(b, dyD, wT, pads);
  free(b, flipped, wT, dyD);
  return dx;
};
