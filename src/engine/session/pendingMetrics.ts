/**
 * Per-step device scalars waiting to be read: all of them leave the device in one transfer, then
 * become column-wise chunks per run (NaN where a method did not measure a metric that step).
 */
import * as tf from '@tensorflow/tfjs';
import { type MetricChunk, replicaKey, type StepMetricName } from '../../config/metrics';
import type { StepScalars } from '../../methods/common/types';

export interface PendingRow {
  readonly runId: string;
  readonly replica: number;
  readonly step: number;
  readonly scalars: StepScalars;
  /** Host numbers in force that step (lr, rho). */
  readonly host: Partial<Record<StepMetricName, number>>;
}

export interface ReadRow {
  readonly runId: string;
  readonly replica: number;
  readonly step: number;
  readonly values: Partial<Record<StepMetricName, number>>;
}

export class PendingMetrics {
  private rows: PendingRow[] = [];

  get size(): number {
    return this.rows.length;
  }

  add(row: PendingRow): void {
    for (const scalar of Object.values(row.scalars)) tf.keep(scalar);
    this.rows.push(row);
  }

  /** Reads every pending scalar back at once and disposes them. */
  async read(): Promise<ReadRow[]> {
    const rows = this.rows;
    this.rows = [];
    const tensors = rows.flatMap((row) => Object.values(row.scalars) as tf.Scalar[]);
    if (tensors.length === 0) return [];
    const stacked = tf.stack(tensors);
    const values = await stacked.data();
    stacked.dispose();
    tf.dispose(tensors);
    let cursor = 0;
    return rows.map((row) => {
      const read: Partial<Record<StepMetricName, number>> = { ...row.host };
      for (const name of Object.keys(row.scalars) as StepMetricName[])
        read[name] = values[cursor++] as number;
      return { runId: row.runId, replica: row.replica, step: row.step, values: read };
    });
  }

  dispose(): void {
    for (const row of this.rows) tf.dispose(Object.values(row.scalars));
    this.rows = [];
  }
}

/** Groups rows by replica of a run into column-wise chunks, in step order. */
export function toChunks(rows: readonly ReadRow[]): MetricChunk[] {
  const byReplica = new Map<string, ReadRow[]>();
  for (const row of rows) byReplica.set(replicaKey(row), [...(byReplica.get(replicaKey(row)) ?? []), row]);
  return [...byReplica.values()].map((runRows) => {
    const { runId, replica } = runRows[0] as ReadRow;
    const names = new Set(runRows.flatMap((row) => Object.keys(row.values) as StepMetricName[]));
    const values: Partial<Record<StepMetricName, Float32Array>> = {};
    for (const name of names)
      values[name] = Float32Array.from(runRows, (row) => row.values[name] ?? Number.NaN);
    return { runId, replica, steps: Int32Array.from(runRows, (row) => row.step), values };
  });
}
