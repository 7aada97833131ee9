/**
 * The HVP the probes use: double backprop where tfjs can differentiate the model twice (exact almost
 * everywhere, also for ReLU/max-pool CNNs), else kink-aware finite differences; the first product
 * decides, and the result says which was used.
 */
import * as tf from '@tensorflow/tfjs';
import type { HvpMethod } from '../../config/probes';
import type { ProbeCost, ProbeEvaluator } from './evaluator';
import { finiteDifferenceHvp } from './hvp';
import type { Pausable } from './types';

export interface ProbeHvp {
  readonly hvp: (v: readonly tf.Tensor[]) => Pausable<tf.Tensor[]>;
  /** Which method the products used (after the first one). */
  readonly method: () => HvpMethod;
  readonly dispose: () => void;
}

export function probeHvp(
  evaluator: ProbeEvaluator,
  weights: readonly tf.Tensor[],
  smoothing: number,
  cost: ProbeCost,
): ProbeHvp {
  const loss = evaluator.trainingLoss(smoothing);
  const differences = finiteDifferenceHvp((w) => evaluator.gradient(w, loss, cost), weights);
  let method: HvpMethod = 'double-backprop';
  /** Σ over chunks, pausing after each (a product over P = 512 takes seconds on WASM). */
  function* exact(v: readonly tf.Tensor[]): Pausable<tf.Tensor[]> {
    let sum: tf.Tensor[] | undefined;
    try {
      for (const chunk of evaluator.batch.chunks) {
        const part = evaluator.chunkHessianVectorProduct(weights, v, smoothing, chunk, cost);
        const next = sum ? part.map((t, i) => t.add((sum as tf.Tensor[])[i] as tf.Tensor)) : part;
        if (sum) tf.dispose([...sum, ...part]);
        sum = next;
        yield;
      }
      const result = sum ?? [];
      sum = undefined;
      return result;
    } finally {
      tf.dispose(sum ?? []);
    }
  }
  function* hvp(v: readonly tf.Tensor[]): Pausable<tf.Tensor[]> {
    if (method === 'double-backprop') {
      try {
        return yield* exact(v);
      } catch {
        // A model op without a second-order gradient in tfjs: finite differences from here on.
        method = 'finite-difference';
      }
    }
    return yield* differences.hvp(v);
  }
  return { hvp, method: () => method, dispose: differences.dispose };
}
