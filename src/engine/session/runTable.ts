/**
 * A session's runs: run id → its replicas, replica k at index k, one per seed stream. A run's
 * replicas are made and prepared together, and on failure none of them stays (no half-made run).
 */
import { MAX_REPLICAS } from '../../config/limits';
import type { LayerSpec } from '../../config/model';
import type { RunConfig } from '../../config/schema';
import type { ImageDataset } from '../data/dataset';
import { Run } from './run';
import type { SeedStream } from './seedStream';

export class RunTable {
  private readonly runs = new Map<string, Run[]>();

  constructor(
    private readonly streams: readonly SeedStream[],
    private readonly layers: readonly LayerSpec[],
    private readonly dataset: ImageDataset,
  ) {}

  /** Every replica of every run. */
  get all(): Run[] {
    return [...this.runs.values()].flat();
  }

  get ids(): string[] {
    return [...this.runs.keys()];
  }

  get size(): number {
    return this.runs.size;
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  /** Replica `replica` of the run, if both exist. */
  find(runId: string, replica: number): Run | undefined {
    return this.runs.get(runId)?.[replica];
  }

  /** A run's replicas; throws naming an unknown run. */
  of(runId: string): Run[] {
    const replicas = this.runs.get(runId);
    if (!replicas) throw new Error(`no run with id "${runId}"`);
    return replicas;
  }

  /** Creates a run's replicas and prepares each; on failure none of them stays. */
  add(config: RunConfig, prepare: (replica: Run) => void): Run[] {
    if (this.runs.has(config.id)) throw new Error(`a run with id "${config.id}" exists already`);
    const total = this.all.length + this.streams.length;
    if (total > MAX_REPLICAS)
      throw new Error(
        `a session trains at most ${MAX_REPLICAS} replicas; "${config.id}" would make ${total} (${this.streams.length} seeds each)`,
      );
    const { imageShape, numClasses } = this.dataset;
    const replicas = this.streams.map(
      (stream) => new Run(config, stream.replica, stream.seed, this.layers, imageShape, numClasses),
    );
    try {
      for (const replica of replicas) {
        replica.setHyperparams(config.hparams);
        prepare(replica);
      }
    } catch (error) {
      for (const replica of replicas) replica.dispose();
      throw error;
    }
    this.runs.set(config.id, replicas);
    return replicas;
  }

  /** Removes a run and frees its replicas. */
  remove(runId: string): void {
    const replicas = this.of(runId);
    this.runs.delete(runId);
    for (const replica of replicas) replica.dispose();
  }

  dispose(): void {
    for (const run of this.all) run.dispose();
    this.runs.clear();
  }
}
