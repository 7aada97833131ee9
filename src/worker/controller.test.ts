import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import { config, harness } from '../testing/controllerHarness';
import { yieldToEvents } from './trainLoop';

describe('TrainerController', () => {
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

  it('refuses to start before it is configured, with a message', async () => {
    const h = harness();
    await expect(h.request({ type: 'start' })).rejects.toThrow(/not configured/);
  });
});
