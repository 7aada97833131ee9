/**
 * The step-0 evaluation of one seed of a comparison. Every run's replica of that seed starts from the
 * same initial weights, so one copy of them stands for all of them; it is evaluated a slice per training tick, so the first step (and the
 * first plotted point) never waits for the whole test set, on any backend.
 */
import type { EvaluationRecord } from '../../config/metrics';
import type { LayerSpec } from '../../config/model';
import type { ImageDataset } from '../data/dataset';
import { buildModel, type TrainableModel } from '../model/build';
import { assignParams } from '../model/init';
import { SlicedEvaluation } from './evaluation';

export class InitialEvaluation {
  private readonly model: TrainableModel;
  private readonly evaluation: SlicedEvaluation;
  private disposed = false;

  constructor(
    layers: readonly LayerSpec[],
    dataset: ImageDataset,
    initial: readonly Float32Array[],
    /** The runs that start from these weights: each gets the record at step 0. */
    private readonly runIds: readonly string[],
    /** Which seed these weights are (the records' replica). */
    private readonly replica: number,
    examples: number,
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
      return await this.evaluation.finish([labels]);
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
