/**
 * The step-0 evaluation of one seed of a comparison. Every run's replica of that seed starts from the
 * same initial weights, so one copy of them stands for all of them; it is evaluated a slice per
 * training tick, so the first step (and the first plotted point) never waits for the whole test set,
 * on any backend. Its records carry the regime metrics too (memorisation, the decision boundary), so
 * those charts and views start at step 0 like the others.
 */
import type { EvaluationRecord } from '../../config/metrics';
import type { LayerSpec } from '../../config/model';
import type { RegimeDataset } from '../data/regime';
import { buildModel, type TrainableModel } from '../model/build';
import { assignParams } from '../model/init';
import { regimeMetrics } from './dataRegimeEvaluation';
import { SlicedEvaluation } from './evaluation';
import type { SeedStream } from './seedStream';

export class InitialEvaluation {
  private readonly model: TrainableModel;
  private readonly evaluation: SlicedEvaluation;
  private disposed = false;

  constructor(
    layers: readonly LayerSpec[],
    /** This seed's data after its regime (memorisation is measured on its noisy labels). */
    private readonly dataset: RegimeDataset,
    initial: readonly Float32Array[],
    /** The runs that start from these weights: each gets the record at step 0. */
    private readonly runIds: readonly string[],
    /** Which seed these weights are (the records' replica). */
    private readonly replica: number,
    private readonly examples: number,
  ) {
    this.model = buildModel(layers, dataset.imageShape, dataset.numClasses);
    assignParams(this.model, initial);
    this.evaluation = new SlicedEvaluation([this.model], dataset, examples);
  }

  /** Test examples evaluated so far, and how many in all. */
  get progress(): { done: number; total: number } {
    return { done: this.evaluation.done, total: this.evaluation.total };
  }

  get finished(): boolean {
    return this.evaluation.finished;
  }

  advance(count: number): void {
    this.evaluation.advance(count);
  }

  /** Evaluates what is left; one record per run that still exists (`exists`), then frees everything. */
  async finish(exists: (runId: string) => boolean): Promise<EvaluationRecord[]> {
    const labels = this.runIds.filter(exists).map((runId) => ({ runId, replica: this.replica, step: 0 }));
    try {
      const records = await this.evaluation.finish([labels]);
      const [extra] = await regimeMetrics([this.model], this.dataset, this.examples);
      return records.map((record) => ({ ...record, ...extra }));
    } finally {
      this.disposed = true;
      this.model.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.evaluation.dispose();
    this.model.dispose();
  }
}

/** The step-0 evaluation of every seed of a session: begun once, before the first step, done in slices. */
export class InitialEvaluations {
  private evaluations: InitialEvaluation[] = [];
  private begun = false;

  /** Starts one evaluation per seed (replica k of every run starts from seed k's weights); once only. */
  begin(
    layers: readonly LayerSpec[],
    streams: readonly SeedStream[],
    model: TrainableModel,
    runIds: readonly string[],
    examples: number,
  ): void {
    if (this.begun) return;
    this.begun = true;
    this.evaluations = streams.map(
      (stream) =>
        new InitialEvaluation(
          layers,
          stream.dataset,
          stream.initialWeights(model),
          runIds,
          stream.replica,
          examples,
        ),
    );
  }

  /** Progress over all seeds while the evaluation is under way; undefined otherwise. */
  get progress(): { done: number; total: number } | undefined {
    if (this.evaluations.length === 0) return undefined;
    const progress = this.evaluations.map((evaluation) => evaluation.progress);
    return {
      done: progress.reduce((sum, p) => sum + p.done, 0),
      total: progress.reduce((sum, p) => sum + p.total, 0),
    };
  }

  /** Evaluates `count` more examples of every seed; the records once all are complete. */
  async advance(count: number, exists: (runId: string) => boolean): Promise<EvaluationRecord[]> {
    if (this.evaluations.length === 0) return [];
    for (const evaluation of this.evaluations) evaluation.advance(count);
    return this.evaluations.every((e) => e.finished) ? this.finish(exists) : [];
  }

  /** Completes an evaluation under way; its records (none otherwise). */
  async finish(exists: (runId: string) => boolean): Promise<EvaluationRecord[]> {
    const evaluations = this.evaluations;
    this.evaluations = [];
    const records = await Promise.all(evaluations.map((e) => e.finish(exists)));
    return records.flat();
  }

  dispose(): void {
    for (const evaluation of this.evaluations) evaluation.dispose();
    this.evaluations = [];
  }
}
