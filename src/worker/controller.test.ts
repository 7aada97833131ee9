import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import { DEFAULT_PROBE_CONFIG } from '../config/probes';
import { config, harness } from '../testing/controllerHarness';
import type { WeightsExport } from './protocol';
import { yieldToEvents } from './trainLoop';

describe('TrainerController', () => {
  it('runs a probe requested mid-training between steps: its record arrives while the runs keep stepping', async () => {
    const h = harness();
    const probes = {
      ...config.probes,
      every: 0,
      kinds: [],
      size: 32,
      iterations: 3,
      traceSamples: 2,
      rho: 0.05,
      mu: 1,
      alpha: 0.1,
      linePoints: 5,
      gridSize: 3,
    };
    await h.request({ type: 'configure', config: { ...config, probes, steps: 400 }, dataUrl: 'memory' });
    await h.request({ type: 'start' });
    while (h.stepsOf('a').length < 5) await yieldToEvents();
    await h.request({ type: 'probe', kind: 'hessian', runIds: ['a', 'b'] });
    const finished = () =>
      h.events.flatMap((e) =>
        e.type === 'probe' && e.message.kind === 'finished' ? [e.message.record] : [],
      );
    while (finished().length < 2) await yieldToEvents();
    const stepsWhenDone = h.stepsOf('a').length;
    while (h.stepsOf('a').length < stepsWhenDone + 5) await yieldToEvents();
    await h.request({ type: 'pause' });
    expect(finished().map((r) => [r.kind, r.runId])).toEqual([
      ['hessian', 'a'],
      ['hessian', 'b'],
    ]);
    // Both were taken mid-training, and training went on while they ran.
    for (const record of finished()) expect(record.step).toBeGreaterThanOrEqual(5);
    expect(stepsWhenDone).toBeGreaterThan(finished()[0]?.step ?? Number.POSITIVE_INFINITY);
    const progress = h.events.filter((e) => e.type === 'probe' && e.message.kind === 'progress');
    expect(progress.length).toBeGreaterThan(0);
  });

  it('streams every step of every run exactly once across pause and resume', async () => {
    const h = harness();
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    await h.request({ type: 'start' });
    while (h.stepsOf('a').length < 10) await yieldToEvents();
    await h.request({ type: 'pause' });
    await h.request({ type: 'resume' });
    await h.waitFor('done');
    const all = Array.from({ length: 60 }, (_, i) => i);
    expect(h.stepsOf('a')).toEqual(all);
    expect(h.stepsOf('b')).toEqual(all);
    const evaluationSteps = h
      .metrics()
      .flatMap((m) => m.evaluations.filter((e) => e.runId === 'a').map((e) => e.step));
    expect(evaluationSteps).toEqual([0, 20, 40, 60]);
  });

  it('answers an invalid live hyperparameter with an error and keeps training', async () => {
    const h = harness();
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    await h.request({ type: 'start' });
    await expect(h.request({ type: 'updateHyperparams', runId: 'a', patch: { lr: -1 } })).rejects.toThrow(
      /lr/,
    );
    await h.request({ type: 'updateHyperparams', runId: 'b', patch: { rho: 0.2 } });
    await h.waitFor('done');
    const change = h
      .metrics()
      .flatMap((m) => m.events)
      .find((e) => e.kind === 'hyperparams');
    expect(change).toMatchObject({ runId: 'b', key: 'rho', from: 0.05, to: 0.2 });
    const step = (change as { step: number }).step;
    const rhoColumn = h
      .metrics()
      .flatMap((m) =>
        m.chunks
          .filter((c) => c.runId === 'b')
          .flatMap((c) => [...c.steps].map((s, i) => [s, c.values.rho?.[i]] as const)),
      );
    expect(rhoColumn.find(([s]) => s === step - 1)?.[1]).toBeCloseTo(0.05, 6);
    expect(rhoColumn.find(([s]) => s === step)?.[1]).toBeCloseTo(0.2, 6);
    expect(h.stepsOf('a')).toHaveLength(60);
  });

  it('replays the whole history to a reconnecting page', async () => {
    const h = harness();
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    await h.request({ type: 'start' });
    await h.waitFor('done');
    const streamed = h.stepsOf('b');
    await h.request({ type: 'replay' });
    const replay = h.metrics().at(-1);
    expect(replay?.replayed).toBe(true);
    expect([...(replay?.chunks.find((c) => c.runId === 'b')?.steps ?? [])]).toEqual(streamed);
  });

  it('re-sends the finished probe records after the metrics of a replay', async () => {
    const h = harness();
    const probes = { ...DEFAULT_PROBE_CONFIG, every: 0, kinds: [], size: 32, iterations: 2, traceSamples: 2 };
    await h.request({ type: 'configure', config: { ...config, probes }, dataUrl: 'memory' });
    await h.request({ type: 'stepOnce' });
    await h.waitFor('paused');
    await h.request({ type: 'probe', kind: 'hessian', runIds: ['a'] });
    const finished = () =>
      h.events.flatMap((e) => (e.type === 'probe' && e.message.kind === 'finished' ? [e.message] : []));
    while (finished().length < 1) await yieldToEvents();
    const [original] = finished();
    await h.request({ type: 'replay' });
    const replayAt = h.events.findIndex((e) => e.type === 'metrics' && e.replayed);
    const resent = h.events.slice(replayAt).flatMap((e) => (e.type === 'probe' ? [e.message] : []));
    expect(resent).toEqual([{ kind: 'finished', id: 'replay-0', record: original?.record }]);
  });

  it('forks a run mid-training and continues it on another backend from a snapshot', async () => {
    const h = harness();
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    await h.request({ type: 'stepOnce' });
    await h.waitFor('paused');
    await h.request({
      type: 'forkRun',
      parentId: 'a',
      run: { ...config.runs[0], id: 'fork', name: 'Fork', optimizer: 'sgd', hparams: DEFAULT_HYPERPARAMS },
    });
    await h.request({ type: 'switchBackend', backend: 'cpu' });
    const restored = h
      .metrics()
      .flatMap((m) => m.events)
      .filter((e) => e.kind === 'restored');
    expect(restored.map((e) => e.runId).sort()).toEqual(['a', 'b', 'fork']);
    await h.request({ type: 'resume' });
    await h.waitFor('done');
    expect(h.stepsOf('fork')).toEqual(Array.from({ length: 59 }, (_, i) => i + 1));
  });

  it('trains every run as one replica per seed and sweep point, each replica streamed once', async () => {
    const h = harness();
    const swept = {
      ...config,
      steps: 12,
      seeds: 2,
      sweep: [{ runId: 'b', key: 'rho' as const, values: [0.02, 0.1] }],
    };
    await h.request({ type: 'configure', config: swept, dataUrl: 'memory' });
    await h.request({ type: 'start' });
    await h.waitFor('done');
    const chunks = h.metrics().flatMap((m) => m.chunks);
    const stepsOf = (runId: string, replica: number) =>
      chunks.filter((c) => c.runId === runId && c.replica === replica).flatMap((c) => [...c.steps]);
    const all = Array.from({ length: 12 }, (_, i) => i);
    for (const runId of ['a', 'b@rho=0.02', 'b@rho=0.1'])
      for (const replica of [0, 1]) expect(stepsOf(runId, replica)).toEqual(all);
    const statuses = h.metrics().at(-1)?.runs ?? [];
    expect(statuses.map((s) => [s.runId, s.replicas.length])).toEqual([
      ['a', 2],
      ['b@rho=0.02', 2],
      ['b@rho=0.1', 2],
    ]);
  });

  it('refuses a configuration with more replicas than a session holds, saying so', async () => {
    const h = harness();
    const tooMany = {
      ...config,
      seeds: 10,
      sweep: [{ runId: 'b', key: 'rho' as const, values: [0.01, 0.02, 0.05, 0.1] }],
    };
    await expect(h.request({ type: 'configure', config: tooMany, dataUrl: 'memory' })).rejects.toThrow(
      /5 runs × 10 seeds = 50 replicas .* at most 40/,
    );
  });

  it('refuses to start before it is configured, with a message', async () => {
    const h = harness();
    await expect(h.request({ type: 'start' })).rejects.toThrow(/not configured/);
  });

  it('exports the weights of the seed asked for, with the seed it trained with, and names a missing one', async () => {
    const h = harness();
    await h.request({ type: 'configure', config: { ...config, seed: 4, seeds: 2 }, dataUrl: 'memory' });
    const first = (await h.request({ type: 'exportWeights', runId: 'a' })) as WeightsExport;
    const second = (await h.request({ type: 'exportWeights', runId: 'a', replica: 1 })) as WeightsExport;
    expect([first.seed, second.seed]).toEqual([4, 5]);
    expect([...(second.tensors[0]?.values ?? [])]).not.toEqual([...(first.tensors[0]?.values ?? [])]);
    await expect(h.request({ type: 'exportWeights', runId: 'a', replica: 2 })).rejects.toThrow(
      'replica: run "a" has replicas 0–1, not 2',
    );
  });
});
