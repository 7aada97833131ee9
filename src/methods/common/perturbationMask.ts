/**
 * SSAM's binary perturbation mask (Mi et al. 2022): one 0/1 variable per parameter tensor, chosen over
 * all weights together (one long vector), as the reference's top-k over the concatenated scores.
 * The mask is long-lived optimizer state: this object creates it once and frees it in dispose().
 */
import * as tf from '@tensorflow/tfjs';

/** 1 at the `k` largest entries of `scores`, 0 elsewhere (ties broken as tf.topk breaks them). */
export function topKMask(scores: tf.Tensor1D, k: number): tf.Tensor1D {
  return tf.tidy(() => {
    const n = scores.size;
    if (k <= 0) return tf.zeros([n]);
    if (k >= n) return tf.ones([n]);
    const { indices } = tf.topk(scores, k);
    return tf.scatterND(indices.expandDims(1), tf.ones([k]), [n]) as tf.Tensor1D;
  });
}

/** All tensors as one long vector, in order. */
export function flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => tf.concat(tensors.map((t) => t.reshape([-1]))) as tf.Tensor1D);
}

export class PerturbationMask {
  /** One 0/1 variable per parameter tensor, in parameter order. */
  readonly variables: tf.Variable[];
  /** Number of weights, all tensors together. */
  readonly size: number;

  /** Starts as all ones (every weight perturbed: plain SAM) until a method sets it. */
  constructor(private readonly params: readonly tf.Variable[]) {
    this.variables = params.map((p) => tf.tidy(() => tf.variable(tf.onesLike(p), false)));
    this.size = params.reduce((sum, p) => sum + p.size, 0);
  }

  /** e ⊙ mask. */
  apply(perturbation: readonly tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => perturbation.map((e, i) => e.mul(this.variables[i] as tf.Variable)));
  }

  /** Fraction of the weights masked out (left unperturbed), as a device scalar. */
  sparsity(): tf.Scalar {
    return tf.tidy(
      () => tf.sub(1, tf.div(tf.addN(this.variables.map((v) => tf.sum(v))), this.size)) as tf.Scalar,
    );
  }

  /** The mask as one long vector (for scores that look at live or dead entries). */
  flat(): tf.Tensor1D {
    return flatten(this.variables);
  }

  /** Sets the mask from one long 0/1 vector. */
  assignFlat(mask: tf.Tensor1D): void {
    tf.tidy(() => {
      let offset = 0;
      this.variables.forEach((v, i) => {
        const size = (this.params[i] as tf.Variable).size;
        v.assign(tf.slice(mask, [offset], [size]).reshape(v.shape));
        offset += size;
      });
    });
  }

  /** Sets the mask from host arrays, one per parameter tensor (a parity case's fixed mask). */
  assignValues(values: readonly Float32Array[]): void {
    if (values.length !== this.variables.length)
      throw new Error(`mask: expected ${this.variables.length} tensors, got ${values.length}`);
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const given = values[i] as Float32Array;
        if (given.length !== v.size)
          throw new Error(
            `mask[${i}]: expected ${v.size} values (shape [${v.shape.join(',')}]), got ${given.length}`,
          );
        v.assign(tf.tensor(given, v.shape));
      });
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
