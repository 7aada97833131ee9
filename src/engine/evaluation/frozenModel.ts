/**
 * A copy of a model that training cannot change. The robust evaluation runs in slices between
 * training steps, yet must attack the weights of the step it was due at.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainableModel } from '../model/build';

/** `build()` makes a model of the same layers; it gets the source's weights and BatchNorm statistics. */
export function frozenCopy(source: TrainableModel, build: () => TrainableModel): TrainableModel {
  const copy = build();
  const from = [...source.params, ...source.stateVariables];
  const to = [...copy.params, ...copy.stateVariables];
  if (from.length !== to.length || from.some((v, i) => !tf.util.arraysEqual(v.shape, to[i]?.shape ?? []))) {
    copy.dispose();
    throw new Error('frozenCopy: the built model does not have the layers of the source');
  }
  tf.tidy(() => {
    for (const [i, variable] of to.entries()) variable.assign((from[i] as tf.Variable).clone());
  });
  return copy;
}
