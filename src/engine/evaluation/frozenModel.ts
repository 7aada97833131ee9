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

/** The frozen weights and BatchNorm statistics on the host, one array per variable (for a snapshot). */
export async function frozenState(model: TrainableModel): Promise<Float32Array[]> {
  return Promise.all(
    [...model.params, ...model.stateVariables].map(async (v) => (await v.data()) as Float32Array),
  );
}

/** A frozen model of `build()`'s layers holding `state` (from `frozenState`); throws if it does not fit. */
export function frozenFromState(state: readonly Float32Array[], build: () => TrainableModel): TrainableModel {
  const model = build();
  const variables = [...model.params, ...model.stateVariables];
  if (variables.length !== state.length || variables.some((v, i) => v.size !== state[i]?.length)) {
    model.dispose();
    throw new Error('frozenFromState: the saved weights do not fit the model');
  }
  tf.tidy(() => {
    for (const [i, variable] of variables.entries())
      variable.assign(tf.tensor(state[i] as Float32Array, variable.shape));
  });
  return model;
}
