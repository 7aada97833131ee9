/**
 * One run of a comparison: a model, its optimizer and its hyperparameters, with everything that
 * defines its future (weights, optimizer state, BatchNorm statistics, step) copyable for forks and
 * snapshots.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../config/model';
import { type Hyperparams, hyperparamsSchema } from '../../config/optimizers';
import type { RunConfig } from '../../config/schema';
import type { Optimizer } from '../../methods/common/types';
import { OPTIMIZER_INFO } from '../../methods/metas';
import { createOptimizer } from '../../methods/steps';
import { buildModel, type TrainableModel } from '../model/build';

export type RunPhase = 'active' | 'diverged' | 'done';

/** A run's state on the host: enough to continue it on any backend. */
export interface RunSnapshot {
  readonly config: RunConfig;
  readonly replica: number;
  readonly step: number;
  readonly phase: RunPhase;
  readonly divergedAtStep?: number;
  readonly values: Float32Array[];
}

export class Run {
  step = 0;
  phase: RunPhase = 'active';
  divergedAtStep?: number;
  /** Synchronous time of recent steps, ms (meaningful on CPU/WASM, where ops run when called). */
  private recentMs: number[] = [];
  readonly model: TrainableModel;
  readonly optimizer: Optimizer;

  constructor(
    private current: RunConfig,
    /** Which seed of the run this is: replica k of every run shares seed, initial weights and batches. */
    readonly replica: number,
    readonly seed: number,
    layers: readonly LayerSpec[],
    inputShape: readonly number[],
    numClasses: number,
  ) {
    this.model = buildModel(layers, inputShape, numClasses);
    this.optimizer = createOptimizer(current.optimizer, this.model);
  }

  get id(): string {
    return this.current.id;
  }

  get config(): RunConfig {
    return this.current;
  }

  get hparams(): Hyperparams {
    return this.current.hparams;
  }

  get gradEvalsPerStep(): number {
    return OPTIMIZER_INFO[this.current.optimizer].gradEvalsPerStep;
  }

  /** Replaces the hyperparameters after validating them; throws with the schema's message if invalid. */
  setHyperparams(next: unknown): void {
    const parsed = hyperparamsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue?.path.join('.') || 'hyperparameters'}: ${issue?.message ?? 'invalid'}`);
    }
    this.current = { ...this.current, hparams: parsed.data };
  }

  recordStepTime(ms: number): void {
    this.recentMs.push(ms);
    if (this.recentMs.length > 20) this.recentMs.shift();
  }

  get msPerStep(): number | undefined {
    if (this.recentMs.length === 0) return undefined;
    return this.recentMs.reduce((a, b) => a + b, 0) / this.recentMs.length;
  }

  /** Everything that defines the run's future, in a fixed order. */
  private get stateVariables(): tf.Variable[] {
    return [...this.model.params, ...this.model.stateVariables, ...this.optimizer.state];
  }

  /** Copies weights, BatchNorm statistics, optimizer state and step from `parent` (on the device). */
  copyStateFrom(parent: Run): void {
    const source = parent.stateVariables;
    const target = this.stateVariables;
    if (
      source.length !== target.length ||
      source.some((v, i) => !tf.util.arraysEqual(v.shape, target[i]?.shape ?? []))
    ) {
      throw new Error(
        `cannot fork ${parent.config.optimizer} into ${this.config.optimizer}: their optimizer state differs`,
      );
    }
    tf.tidy(() => {
      for (const [i, variable] of target.entries()) variable.assign((source[i] as tf.Variable).clone());
    });
    this.step = parent.step;
  }

  /** Reads the run's state to the host (one transfer). */
  async snapshot(): Promise<RunSnapshot> {
    const variables = this.stateVariables;
    const flat = tf.tidy(() => tf.concat(variables.map((v) => v.reshape([-1]))));
    const all = (await flat.data()) as Float32Array;
    flat.dispose();
    let offset = 0;
    const values = variables.map((v) => {
      const slice = all.slice(offset, offset + v.size);
      offset += v.size;
      return slice;
    });
    const diverged = this.divergedAtStep === undefined ? {} : { divergedAtStep: this.divergedAtStep };
    const { current: config, replica, step, phase } = this;
    return { config, replica, step, phase, ...diverged, values };
  }

  /** Loads a snapshot taken from a run with the same model and optimizer. */
  restore(snapshot: RunSnapshot): void {
    const variables = this.stateVariables;
    if (snapshot.values.length !== variables.length)
      throw new Error(`snapshot of ${snapshot.config.id} does not fit this run`);
    tf.tidy(() => {
      for (const [i, v] of variables.entries())
        v.assign(tf.tensor(snapshot.values[i] as Float32Array, v.shape));
    });
    this.current = snapshot.config;
    this.step = snapshot.step;
    this.phase = snapshot.phase;
    this.divergedAtStep = snapshot.divergedAtStep;
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
