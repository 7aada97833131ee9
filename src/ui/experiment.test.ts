import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBE_CONFIG } from '../config/probes';
import { DEFAULT_ROBUST } from '../config/robust';
import { fakeExperiment, flush, training } from '../testing/experimentHarness';

describe('Experiment', () => {
  it('a rename does not re-configure the worker (names do not change what trains)', async () => {
    const { store, experiment, worker } = fakeExperiment();
    await experiment.configure(store.get().config);
    experiment.runs.edit('sam', (run) => ({ ...run, name: 'SAM wide' }));
    await flush();
    await experiment.configure(store.get().config);
    expect(worker.sent).toHaveLength(1);
  });

  it('holds experiment edits made while training in a draft until applied', async () => {
    const { store, experiment, worker } = fakeExperiment();
    training(store);
    experiment.editExperiment((config) => ({ ...config, batchSize: 32 }));
    expect([store.get().config.batchSize, store.get().draft?.batchSize]).toEqual([64, 32]);
    await experiment.applyDraft();
    expect(store.get().config.batchSize).toBe(32);
    expect(worker.sent.at(-1)).toMatchObject({ type: 'configure', config: { batchSize: 32 } });
  });

  it('sends nothing to the worker while the setup names own files this browser lacks, and says which', async () => {
    const { store, experiment, worker } = fakeExperiment({ stored: new Set() });
    const config = { ...store.get().config, dataset: 'cifar10:batches' };
    store.update((s) => ({ ...s, config }));
    await experiment.configure(config);
    expect(worker.sent).toEqual([]);
    expect(experiment.waitingForData).toBe('cifar10:batches');
  });

  it('refuses to train while it waits for the files, naming them', async () => {
    const { store, experiment, worker } = fakeExperiment({ stored: new Set() });
    store.update((s) => ({ ...s, config: { ...s.config, dataset: 'idx:kmnist' }, status: 'ready' }));
    await experiment.train();
    expect(worker.sent).toEqual([]);
    expect(store.get().notices[0]).toContain('files of idx:kmnist');
  });

  it('configures the worker once the files are stored, and stops waiting', async () => {
    const stored = new Set<string>();
    const { store, experiment, worker } = fakeExperiment({ stored });
    const config = { ...store.get().config, dataset: 'csv:points.csv' };
    store.update((s) => ({ ...s, config }));
    await experiment.configure(config);
    stored.add('csv:points.csv');
    await experiment.configure(config);
    expect(worker.sent.map((body) => body.type)).toEqual(['configure']);
    expect(experiment.waitingForData).toBeUndefined();
  });

  it('sends probe settings to the training session at once: no draft, and the setup (link) follows', async () => {
    const { store, experiment, worker } = fakeExperiment();
    training(store);
    const probes = { ...DEFAULT_PROBE_CONFIG, every: 50, kinds: ['hessian' as const] };
    expect(await experiment.setEvaluationSettings({ probes })).toBeUndefined();
    expect(worker.sent).toEqual([{ type: 'setProbes', probes }]);
    expect([store.get().config.probes, store.get().draft]).toEqual([probes, undefined]);
  });

  it('keeps the robust settings when the worker refuses new ones, and says why', async () => {
    const { store, experiment } = fakeExperiment({
      refuse: (body) => (body.type === 'setRobust' ? 'robust.eps.0: too big' : undefined),
    });
    training(store);
    const robust = { ...DEFAULT_ROBUST, eps: [2] };
    expect(await experiment.setEvaluationSettings({ robust })).toBe('robust.eps.0: too big');
    expect(store.get().config.robust).toBeUndefined();
  });
});
