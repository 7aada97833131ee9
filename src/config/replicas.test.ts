import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults';
import { MAX_REPLICAS } from './limits';
import { planReplicas } from './replicas';
import type { RunConfig } from './schema';
import { parseSweep } from './sweep';

const runs = DEFAULT_CONFIG.runs; // sgd, sam, bisam-log
const sweepOf = (text: string) => parseSweep(text, runs).axes;

describe('planReplicas', () => {
  it('keeps one replica per run with the experiment seed when there is one seed and no sweep', () => {
    const plan = planReplicas(runs, [], 7, 1);
    expect(plan.runs.map((r) => r.config)).toEqual(runs);
    expect(plan.replicas).toEqual(runs.map((r) => ({ runId: r.id, index: 0, seed: 7 })));
    expect(plan.problem).toBeUndefined();
  });

  it('gives replica k of every run the seed seed + k', () => {
    const plan = planReplicas(runs, [], 1, 5);
    expect(plan.replicas).toHaveLength(15);
    for (const run of runs)
      expect(plan.replicas.filter((r) => r.runId === run.id).map((r) => [r.index, r.seed])).toEqual([
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
      ]);
  });

  it('turns each value of a swept run into a run of its own, the others untouched', () => {
    const plan = planReplicas(runs, sweepOf('sam.rho:0.01,0.1'), 1, 3);
    expect(plan.runs.map((r) => [r.config.id, r.config.name, r.config.hparams.rho, r.sourceId])).toEqual([
      ['sgd', 'SGD', 0.05, 'sgd'],
      ['sam@rho=0.01', 'SAM rho=0.01', 0.01, 'sam'],
      ['sam@rho=0.1', 'SAM rho=0.1', 0.1, 'sam'],
      ['bisam-log', 'BiSAM (-log)', 0.05, 'bisam-log'],
    ]);
    expect(plan.runs[1]?.point).toEqual([{ key: 'rho', value: 0.01 }]);
    // 4 runs × 3 seeds.
    expect(plan.replicas).toHaveLength(12);
  });

  it('expands a 2-D sweep into the grid of both axes, first axis slowest', () => {
    const plan = planReplicas(runs, sweepOf('sam.rho:0.02,0.05;sam.lr:0.01,0.1,1'), 1, 1);
    const sam = plan.runs.filter((r) => r.sourceId === 'sam');
    expect(sam.map((r) => [r.config.hparams.rho, r.config.hparams.lr])).toEqual([
      [0.02, 0.01],
      [0.02, 0.1],
      [0.02, 1],
      [0.05, 0.01],
      [0.05, 0.1],
      [0.05, 1],
    ]);
    expect(sam[4]?.config.id).toBe('sam@rho=0.05@lr=0.1');
  });

  it('says when the replicas do not fit in a session, with the arithmetic', () => {
    // 5 values for sam: 2 + 5 = 7 runs; × 10 seeds = 70 > MAX_REPLICAS.
    const plan = planReplicas(runs, sweepOf('sam.rho:0.01,0.02,0.05,0.1,0.2'), 1, 10);
    expect(plan.replicas.length).toBeGreaterThan(MAX_REPLICAS);
    expect(plan.problem).toBe(
      `7 runs × 10 seeds = 70 replicas (the sweep makes 3 runs into 7), but a session trains at most ${MAX_REPLICAS}: use fewer seeds, runs or sweep values`,
    );
  });

  it('fits exactly at the limit', () => {
    const many: RunConfig[] = Array.from({ length: 4 }, (_, i) => ({
      ...(runs[0] as RunConfig),
      id: `r${i}`,
    }));
    expect(planReplicas(many, [], 1, MAX_REPLICAS / 4).problem).toBeUndefined();
  });
});
