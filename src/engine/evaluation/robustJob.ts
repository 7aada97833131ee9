/**
 * One robust evaluation in progress, owned by the training loop: frozen copies of the runs' models
 * and the slice generator over them. `advance` spends about a time budget on slices, so training
 * and streaming go on between them; `dispose` frees everything whether or not it finished. A job in
 * progress can be saved with a session's snapshot and started again from it (`snapshot`, `restore`):
 * the attacks are seeded, so it gives the records the interrupted one would have given.
 */
import type { ImageDataset } from '../data/dataset';
import type { TrainableModel } from '../model/build';
import { frozenFromState, frozenState } from './frozenModel';
import {
  type RobustProgress,
  type RobustRecord,
  type RobustTarget,
  robustEvaluation,
} from './robustEvaluation';
import type { RobustSettings } from './robustSettings';

/** A job as a snapshot holds it: its settings and each target's frozen weights on the host. */
export interface RobustJobSnapshot {
  readonly settings: RobustSettings;
  readonly targets: (Omit<RobustTarget, 'model'> & { readonly state: Float32Array[] })[];
}

export class RobustJob {
  private readonly slices: AsyncGenerator<RobustProgress, RobustRecord[], void>;
  private latest: RobustProgress = { completedSlices: 0, totalSlices: 1 };
  private disposed = false;
  private finished = false;

  /** `targets` hold frozen models, which the job now owns. */
  constructor(
    private readonly targets: readonly RobustTarget[],
    dataset: ImageDataset,
    private readonly settings: RobustSettings,
  ) {
    this.slices = robustEvaluation(targets, dataset, settings);
  }

  /** The job from its start again, on frozen models `build` makes and the snapshot's weights fill. */
  static restore(snapshot: RobustJobSnapshot, dataset: ImageDataset, build: () => TrainableModel): RobustJob {
    const targets: RobustTarget[] = [];
    try {
      for (const { state, ...target } of snapshot.targets)
        targets.push({ ...target, model: frozenFromState(state, build) });
    } catch (error) {
      for (const target of targets) target.model.dispose();
      throw error;
    }
    return new RobustJob(targets, dataset, snapshot.settings);
  }

  /** What `restore` needs to start this job again (progress is not kept: it starts from the beginning). */
  async snapshot(): Promise<RobustJobSnapshot> {
    if (this.disposed) throw new Error('this robust evaluation was disposed');
    const targets = await Promise.all(
      this.targets.map(async ({ model, ...target }) => ({ ...target, state: await frozenState(model) })),
    );
    return { settings: this.settings, targets };
  }

  /** The step every target was frozen at. */
  get steps(): number[] {
    return this.targets.map((target) => target.step);
  }

  get progress(): RobustProgress {
    return this.latest;
  }

  /** Runs slices until `budgetMs` has passed (at least one); the records once the last slice is done. */
  async advance(budgetMs: number): Promise<RobustRecord[] | undefined> {
    if (this.disposed) throw new Error('this robust evaluation was disposed');
    const started = performance.now();
    if (this.finished) throw new Error('this robust evaluation has finished already');
    do {
      const next = await this.slices.next();
      if (next.done) {
        this.finished = true;
        return next.value;
      }
      this.latest = next.value;
    } while (performance.now() - started < budgetMs);
    return undefined;
  }

  /** Runs every remaining slice. */
  async finish(): Promise<RobustRecord[]> {
    for (;;) {
      const records = await this.advance(Number.POSITIVE_INFINITY);
      if (records) return records;
    }
  }

  /** Stops the generator (its `finally` frees the chunk tensors) and frees the frozen models. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.slices.return([]);
    for (const target of this.targets) target.model.dispose();
  }
}
