/**
 * Small matrix products on the calling thread. On a threaded build XNNPACK runs every product on its thread
 * pool, and a product as small as a 10-unit output layer's (64×32·32×10) then waits for the pool's worker to wake:
 * in Chromium on 2 threads at batch 64, BatchMatMul [64,10]·[32,10]ᵀ took 0.57 ms a call against 0.04 on one
 * thread. Up to SMALL_MATMUL_MACS multiply-adds a JS loop does it in float32, each output summed over k in
 * order from zero as XNNPACK's kernels do (no fused multiply-add in WASM SIMD), so with the same bits. Only on
 * a threaded build: the loop takes ~70-80 µs for those shapes in Node, where single-threaded XNNPACK takes 5-15.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendWasm, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { type Info, run } from './wasmOps';

/** Up to this many multiply-adds (m·n·k) a product stays on the calling thread: the dense layers' small ends. */
export const SMALL_MATMUL_MACS = 1 << 15;

/** Whether a product may stay on the calling thread: where XNNPACK would hand it to its pool. */
export const smallProductsOnCaller = (): boolean => getThreadsCount() > 1;

/** [m, k] of a matrix operand (its last two axes), as the product reads it. */
function rowsCols(x: Info, transposed: boolean): [number, number] {
  const [r, c] = x.shape.slice(-2) as [number, number];
  return transposed ? [c, r] : [r, c];
}

/**
 * a·b (either transposed) for single matrices (batch dims all 1), plus `bias` per output column where given (the
 * sums start from it, as XNNPACK's do), or null where this path does not take it.
 */
export function smallMatMul(
  bk: BackendWasm,
  a: Info,
  b: Info,
  transposeA: boolean,
  transposeB: boolean,
  bias?: Info,
): Info | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [batchA, batchB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  if (tf.util.sizeFromShape(batchA) !== 1 || tf.util.sizeFromShape(batchB) !== 1) return null;
  const [m, k] = rowsCols(a, transposeA);
  const [kb, n] = rowsCols(b, transposeB);
  if (k !== kb || m * n * k > SMALL_MATMUL_MACS) return null;
  if (
    bias &&
    (bias.dtype !== 'float32' || bias.shape.at(-1) !== n || tf.util.sizeFromShape(bias.shape) !== n)
  )
    return null;
  const batch = tf.backend_util.assertAndGetBroadcastShape(batchA, batchB);
  const out = bk.makeOutput([...batch, m, n], 'float32');
  const [av, bv, ov] = [a, b, out].map((t) => bk.typedArrayFromHeap(t) as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const start = bias ? (bk.typedArrayFromHeap(bias) as Float32Array) : new Float32Array(n);
  // Element (i, p) of a and (p, j) of b: steps along i, p and j in memory.
  const [ai, ap] = transposeA ? [1, m] : [k, 1];
  const [bp, bj] = transposeB ? [1, k] : [n, 1];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let acc = start[j] as number;
      for (let p = 0; p < k; p++)
        acc = Math.fround(
          acc + Math.fround((av[i * ai + p * ap] as number) * (bv[p * bp + j * bj] as number)),
        );
      ov[i * n + j] = acc;
    }
  return out;
}

/**
 * _FusedMatMul (a dense layer's forward pass): the small case without an activation on the calling thread (where
 * threaded), the rest stock.
 */
export const fusedMatMulKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b, bias, preluActivationWeights } = inputs as Record<string, Info | undefined>;
  const { transposeA, transposeB, activation } = attrs as unknown as tf._FusedMatMulAttrs;
  const bk = backend as BackendWasm;
  const linear = (activation === undefined || activation === 'linear') && !preluActivationWeights;
  return (
    (linear && smallProductsOnCaller()
      ? smallMatMul(bk, a as Info, b as Info, transposeA, transposeB, bias)
      : null) ?? run(bk, tf._FusedMatMul, inputs as Record<string, Info>, attrs as unknown as tf.NamedAttrMap)
  );
};
