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
