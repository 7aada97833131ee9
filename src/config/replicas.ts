/**
 * What a session trains: every run of the config (each sweep point of a swept run being a run of its
 * own) times the seed count. Replica k of every run uses seed `config.seed + k` for its initial
 * weights and its batch order, so runs stay paired seed by seed. A pure function of the config, shared
 * by the worker (what to build), the page (what to draw) and the CLI (what to report).
 */
import { MAX_REPLICAS } from './limits';
import type { HyperparamKey, Hyperparams } from './optimizers';
import type { RunConfig } from './schema';
import type { SweepAxis } from './sweep';

/** One value of each swept hyperparameter of a run. */
export type SweepPoint = readonly { readonly key: HyperparamKey; readonly value: number }[];

export interface PlannedRun {
  /** The config's run id, or `sam@rho=0.01` for a sweep point of run `sam`. */
  readonly config: RunConfig;
  /** The run of the config it comes from (itself when not swept). */
  readonly sourceId: string;
  /** Empty when the run is not swept. */
  readonly point: SweepPoint;
}

export interface Replica {
  readonly runId: string;
  /** 0-based: replica k of every run shares its seed. */
  readonly index: number;
  readonly seed: number;
}

export interface ReplicaPlan {
  readonly runs: PlannedRun[];
  readonly replicas: Replica[];
  /** Set when the plan holds more replicas than a session can: say so rather than train part of it. */
  readonly problem?: string;
}

/** Seeds of replicas 0..count−1: the experiment's seed and the ones after it. */
export function replicaSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => seed + k);
}

/** Every combination of the axes' values, first axis slowest. */
function gridPoints(axes: readonly SweepAxis[]): SweepPoint[] {
  return axes.reduce<SweepPoint[]>(
    (points, axis) =>
      points.flatMap((point) => axis.values.map((value) => [...point, { key: axis.key, value }])),
    [[]],
  );
}

function sweepRun(run: RunConfig, point: SweepPoint): RunConfig {
  if (point.length === 0) return run;
  const label = point.map(({ key, value }) => `${key}=${value}`);
  const hparams: Hyperparams = { ...run.hparams };
  for (const { key, value } of point) Object.assign(hparams, { [key]: value });
  return { ...run, id: `${run.id}@${label.join('@')}`, name: `${run.name} ${label.join(' ')}`, hparams };
}

export function planReplicas(
  runs: readonly RunConfig[],
  sweep: readonly SweepAxis[],
  seed: number,
  seeds: number,
): ReplicaPlan {
  const planned = runs.flatMap((run) =>
    gridPoints(sweep.filter((axis) => axis.runId === run.id)).map((point) => ({
      config: sweepRun(run, point),
      sourceId: run.id,
      point,
    })),
  );
  const seedList = replicaSeeds(seed, seeds);
  const replicas = planned.flatMap(({ config }) =>
    seedList.map((replicaSeed, index) => ({ runId: config.id, index, seed: replicaSeed })),
  );
  if (replicas.length <= MAX_REPLICAS) return { runs: planned, replicas };
  const swept =
    planned.length > runs.length ? ` (the sweep makes ${runs.length} runs into ${planned.length})` : '';
  return {
    runs: planned,
    replicas,
    problem: `${planned.length} runs × ${seeds} seeds = ${replicas.length} replicas${swept}, but a session trains at most ${MAX_REPLICAS}: use fewer seeds, runs or sweep values`,
  };
}
