import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../config/stream';
import { config, harness } from '../testing/controllerHarness';
import type { Checkpoint } from './protocol';
import { yieldToEvents } from './trainLoop';

type Harness = ReturnType<typeof harness>;
const allSteps = Array.from({ length: config.steps }, (_, i) => i);

describe('checkpoint and restoreSnapshot', () => {
  it('a fresh worker continues a checkpoint with exactly the steps of an uninterrupted session', async () => {
    const uninterrupted = harness();
    await uninterrupted.request({ type: 'configure', config, dataUrl: 'memory' });
    await uninterrupted.request({ type: 'start' });
    await uninterrupted.waitFor('done');

    const interrupted = harness();
    await interrupted.request({ type: 'configure', config, dataUrl: 'memory' });
    await interrupted.request({ type: 'start' });
    while (interrupted.stepsOf('b').length < 25) await yieldToEvents();
    await interrupted.request({ type: 'pause' });
    const checkpoint = (await interrupted.request({ type: 'checkpoint' })) as Checkpoint;
    expect(checkpoint.step).toBeGreaterThanOrEqual(25);

    const resumed = harness();
    await resumed.request({ type: 'configure', config, dataUrl: 'memory' });
    await resumed.request({ type: 'restoreSnapshot', snapshot: checkpoint.snapshot });
    expect(resumed.statuses().at(-1)).toBe('paused');
    await resumed.request({ type: 'resume' });
    await resumed.waitFor('done');
    for (const runId of ['a', 'b']) {
      expect(resumed.stepsOf(runId)).toEqual(allSteps.slice(checkpoint.step));
      expect(resumed.valuesOf(runId, 'loss')).toEqual(
        uninterrupted.valuesOf(runId, 'loss').slice(checkpoint.step),
      );
    }
    const restored = resumed.metrics().flatMap((m) => m.events.filter((e) => e.kind === 'restored'));
    expect(restored.map((e) => [e.runId, e.step])).toEqual([
      ['a', checkpoint.step],
      ['b', checkpoint.step],
    ]);
  });

  it('continues a two-seed session from its saved checkpoint with the steps of an uninterrupted one', async () => {
    const twoSeeds = { ...config, seeds: 2 };
    const uninterrupted = harness();
    await uninterrupted.request({ type: 'configure', config: twoSeeds, dataUrl: 'memory' });
    await uninterrupted.request({ type: 'start' });
    await uninterrupted.waitFor('done');

    const interrupted = harness();
    await interrupted.request({ type: 'configure', config: twoSeeds, dataUrl: 'memory' });
    await interrupted.request({ type: 'start' });
    while (interrupted.stepsOf('b', 1).length < 25) await yieldToEvents();
    await interrupted.request({ type: 'pause' });
    const checkpoint = (await interrupted.request({ type: 'checkpoint' })) as Checkpoint;
    expect(checkpoint.step).toBeGreaterThanOrEqual(25);

    const resumed = harness();
    await resumed.request({ type: 'configure', config: twoSeeds, dataUrl: 'memory' });
    // As the page's autosave keeps it: a structured clone (IndexedDB) of the checkpoint.
    await resumed.request({ type: 'restoreSnapshot', snapshot: structuredClone(checkpoint.snapshot) });
    await resumed.request({ type: 'resume' });
    await resumed.waitFor('done');
    for (const runId of ['a', 'b'])
      for (const replica of [0, 1]) {
        const which = `${runId} seed ${replica}`;
        expect(resumed.stepsOf(runId, replica), which).toEqual(allSteps.slice(checkpoint.step));
        expect(resumed.valuesOf(runId, 'loss', replica), which).toEqual(
          uninterrupted.valuesOf(runId, 'loss', replica).slice(checkpoint.step),
        );
      }
    // The two seeds train differently, so each one's continuation is checked on its own.
    expect(uninterrupted.valuesOf('a', 'loss', 1)).not.toEqual(uninterrupted.valuesOf('a', 'loss', 0));
  });

  it('carries the training time on from the one given, for the time axis', async () => {
    const first = harness();
    await first.request({ type: 'configure', config, dataUrl: 'memory' });
    await first.request({ type: 'stepOnce' });
    await first.waitFor('paused');
    const checkpoint = (await first.request({ type: 'checkpoint' })) as Checkpoint;
    const resumed = harness();
    await resumed.request({ type: 'configure', config, dataUrl: 'memory' });
    await resumed.request({ type: 'restoreSnapshot', snapshot: checkpoint.snapshot, elapsedMs: 60_000 });
    await resumed.request({ type: 'resume' });
    await resumed.waitFor('done');
    const elapsed = resumed.metrics().map((m) => m.progress.elapsedMs);
    expect(Math.min(...elapsed)).toBeGreaterThanOrEqual(60_000);
  });

  it('has no checkpoint before training starts', async () => {
    const h = harness();
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    expect(await h.request({ type: 'checkpoint' })).toBeUndefined();
  });
});

describe('a robust evaluation in progress at the checkpoint', () => {
  const robustConfig = {
    ...config,
    robust: { attacks: ['fgsm', 'pgd'], eps: [2, 8], pgdSteps: 10, examples: 32, sigmas: [0.1] },
  } satisfies typeof config;
  type RobustEvent = Extract<SessionEvent, { kind: 'robust' }>;
  const robustOf = (h: Harness, runId: string) =>
    h
      .metrics()
      .flatMap((m) => m.events)
      .filter((e): e is RobustEvent => e.kind === 'robust' && e.runId === runId);
  /**
   * Trains a step at a time until a robust evaluation after step 0 has started; the checkpoint taken
   * as that step ends holds it in progress. (Pausing once the page has seen it start is a race: the
   * step's metrics go out before its robust slice, which may finish a small evaluation.)
   */
  async function pauseMidEvaluation(h: Harness): Promise<void> {
    await h.request({ type: 'configure', config: robustConfig, dataUrl: 'memory' });
    while (!h.metrics().some((m) => (m.progress.robust?.step ?? 0) > 0)) {
      await h.request({ type: 'stepOnce' });
      await h.waitFor('paused');
    }
  }

  it('is redone after a resume, so the records equal an uninterrupted session’s', async () => {
    const uninterrupted = harness();
    await uninterrupted.request({ type: 'configure', config: robustConfig, dataUrl: 'memory' });
    await uninterrupted.request({ type: 'start' });
    await uninterrupted.waitFor('done');

    const interrupted = harness();
    await pauseMidEvaluation(interrupted);
    const checkpoint = (await interrupted.request({ type: 'checkpoint' })) as Checkpoint;
    const pending = checkpoint.snapshot.robust;
    expect(pending?.job.targets.length).toBe(2);

    const resumed = harness();
    await resumed.request({ type: 'configure', config: robustConfig, dataUrl: 'memory' });
    await resumed.request({ type: 'restoreSnapshot', snapshot: structuredClone(checkpoint.snapshot) });
    await resumed.request({ type: 'resume' });
    await resumed.waitFor('done');
    for (const runId of ['a', 'b']) {
      const restored = resumed
        .metrics()
        .flatMap((m) => m.events)
        .find((e) => e.kind === 'restored' && e.runId === runId);
      expect(restored).toMatchObject({ step: checkpoint.step, robustFrom: pending?.tick });
      // What the page saved before the checkpoint, then what the resumed session sent.
      const saved = robustOf(interrupted, runId).filter((e) => e.step < (pending?.tick ?? 0));
      // Everything but the time each took.
      const results = (events: RobustEvent[]) =>
        events.map(({ step, record: { ms: _, ...rest } }) => [step, rest]);
      expect(results([...saved, ...robustOf(resumed, runId)])).toEqual(
        results(robustOf(uninterrupted, runId)),
      );
    }
  });

  it('leaves each evaluation and robust record once in the replay after a backend switch', async () => {
    const h = harness();
    await pauseMidEvaluation(h);
    await h.request({ type: 'switchBackend', backend: 'cpu' });
    await h.request({ type: 'resume' });
    await h.waitFor('done');
    await h.request({ type: 'replay' });
    const replay = h.metrics().find((m) => m.replayed);
    const evaluationSteps = [0, 20, 40, 60];
    for (const runId of ['a', 'b']) {
      const evaluations = replay?.evaluations.filter((e) => e.runId === runId).map((e) => e.step);
      expect(evaluations).toEqual(evaluationSteps);
      const robust = replay?.events
        .filter((e) => e.kind === 'robust' && e.runId === runId)
        .map((e) => e.step);
      expect(robust).toEqual(evaluationSteps);
    }
  });
});
