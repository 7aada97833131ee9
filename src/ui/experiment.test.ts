import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import { DEFAULT_PROBE_CONFIG } from '../config/probes';
import { DEFAULT_ROBUST } from '../config/robust';
import type { RequestBody, WorkerEvent } from '../worker/protocol';
import { applyEvent } from './applyEvent';
import { Experiment } from './experiment';
import { type AppState, createStore, initialState } from './store';

/** A worker stand-in: records requests; `refuse` decides which ones fail and with what message. */
function fakeWorker(refuse: (body: RequestBody) => string | undefined = () => undefined) {
  const sent: RequestBody[] = [];
  return {
    sent,
    request: async (body: RequestBody) => {
      sent.push(body);
      const error = refuse(body);
      if (error) throw new Error(error);
      return undefined;
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A session that has trained a step and is training now. */
function training(store: ReturnType<typeof createStore<AppState>>): void {
  const events: WorkerEvent[] = [
    {
      type: 'ready',
      generation: 1,
      paramCount: 1,
      stepsPerEpoch: 1,
      trainCount: 1,
      testCount: 1,
      classNames: [],
    },
    { type: 'status', generation: 1, status: 'training' },
    {
      type: 'metrics',
      generation: 1,
      sequence: 0,
      chunks: [{ runId: 'sgd', steps: Int32Array.from([0]), values: { loss: Float32Array.from([2]) } }],
      evaluations: [],
      events: [],
      runs: [],
      progress: {
        step: 1,
        totalSteps: 9,
        epoch: 0,
        stepsPerEpoch: 1,
        stepsPerSecond: 0,
        examplesPerSecond: 0,
        elapsedMs: 1,
        numTensors: 0,
        numBytes: 0,
      },
    },
  ];
  for (const event of events) store.update((s) => applyEvent(s, event));
}

function setUp(refuse?: (body: RequestBody) => string | undefined, stored?: Set<string>) {
  const store = createStore<AppState>(initialState(DEFAULT_CONFIG));
  const hasData = stored ? async (name: string) => !name.includes(':') || stored.has(name) : undefined;
  const experiment = new Experiment(store, 'http://data/', 0, hasData);
  const worker = fakeWorker(refuse);
  experiment.link = worker;
  return { store, experiment, worker };
}

describe('Experiment', () => {
  it('before training, adding a run changes the setup and re-configures the worker', async () => {
    const { store, experiment, worker } = setUp();
    await experiment.addRun('bisam-tanh');
    await flush();
    await experiment.configure(store.get().config);
    expect(store.get().config.runs.map((r) => r.id)).toEqual(['sgd', 'sam', 'bisam-log', 'bisam-tanh']);
    expect(worker.sent.map((b) => b.type)).toEqual(['configure']);
  });

  it('a rename does not re-configure the worker (names do not change what trains)', async () => {
    const { store, experiment, worker } = setUp();
    await experiment.configure(store.get().config);
    experiment.editRun('sam', (run) => ({ ...run, name: 'SAM wide' }));
    await flush();
    await experiment.configure(store.get().config);
    expect(worker.sent).toHaveLength(1);
  });

  it('during training, a new run goes to the worker first, then into the setup', async () => {
    const { store, experiment, worker } = setUp();
    training(store);
    await experiment.addRun('bisam-tanh');
    expect(worker.sent[0]).toMatchObject({
      type: 'addRun',
      run: { optimizer: 'bisam-tanh', hparams: DEFAULT_HYPERPARAMS },
    });
    expect(store.get().config.runs).toHaveLength(4);
  });

  it('keeps the setup unchanged when the worker refuses a new run, and says why', async () => {
    const { store, experiment } = setUp(() => 'no room');
    training(store);
    await experiment.addRun('sam');
    expect(store.get().config.runs).toHaveLength(3);
    expect(store.get().notices).toEqual(['Could not add SAM 2: no room']);
  });

  it('refuses an out-of-range live value on the page, without asking the worker', async () => {
    const { store, experiment, worker } = setUp();
    training(store);
    expect(await experiment.setHyperparam('sam', { rho: -1 })).toBe('Radius ρ must be ≥ 0 and ≤ 10');
    expect(worker.sent).toEqual([]);
  });

  it('sends a live change to the worker and shows its refusal next to the field', async () => {
    const { store, experiment, worker } = setUp((body) =>
      body.type === 'updateHyperparams' ? 'rho is not used by sgd' : undefined,
    );
    training(store);
    expect(await experiment.setHyperparam('sgd', { rho: 0.1 })).toBe('rho is not used by sgd');
    expect(worker.sent).toEqual([{ type: 'updateHyperparams', runId: 'sgd', patch: { rho: 0.1 } }]);
  });

  it('sends any knob to the worker while a run trains, nesterov included', async () => {
    const { store, experiment, worker } = setUp();
    training(store);
    expect(await experiment.setHyperparam('sam', { nesterov: true })).toBeUndefined();
    expect(worker.sent).toContainEqual({
      type: 'updateHyperparams',
      runId: 'sam',
      patch: { nesterov: true },
    });
  });

  it('holds experiment edits made while training in a draft until applied', async () => {
    const { store, experiment, worker } = setUp();
    training(store);
    experiment.editExperiment((config) => ({ ...config, batchSize: 32 }));
    expect([store.get().config.batchSize, store.get().draft?.batchSize]).toEqual([64, 32]);
    await experiment.applyDraft();
    expect(store.get().config.batchSize).toBe(32);
    expect(worker.sent.at(-1)).toMatchObject({ type: 'configure', config: { batchSize: 32 } });
  });

  it('sends nothing to the worker while the setup names own files this browser lacks, and says which', async () => {
    const { store, experiment, worker } = setUp(undefined, new Set());
    const config = { ...store.get().config, dataset: 'cifar10:batches' };
    store.update((s) => ({ ...s, config }));
    await experiment.configure(config);
    expect(worker.sent).toEqual([]);
    expect(experiment.waitingForData).toBe('cifar10:batches');
  });

  it('refuses to train while it waits for the files, naming them', async () => {
    const { store, experiment, worker } = setUp(undefined, new Set());
    store.update((s) => ({ ...s, config: { ...s.config, dataset: 'idx:kmnist' }, status: 'ready' }));
    await experiment.train();
    expect(worker.sent).toEqual([]);
    expect(store.get().notices[0]).toContain('files of idx:kmnist');
  });

  it('configures the worker once the files are stored, and stops waiting', async () => {
    const stored = new Set<string>();
    const { store, experiment, worker } = setUp(undefined, stored);
    const config = { ...store.get().config, dataset: 'csv:points.csv' };
    store.update((s) => ({ ...s, config }));
    await experiment.configure(config);
    stored.add('csv:points.csv');
    await experiment.configure(config);
    expect(worker.sent.map((body) => body.type)).toEqual(['configure']);
    expect(experiment.waitingForData).toBeUndefined();
  });

  it('sends probe settings to the training session at once: no draft, and the setup (link) follows', async () => {
    const { store, experiment, worker } = setUp();
    training(store);
    const probes = { ...DEFAULT_PROBE_CONFIG, every: 50, kinds: ['hessian' as const] };
    expect(await experiment.setEvaluationSettings({ probes })).toBeUndefined();
    expect(worker.sent).toEqual([{ type: 'setProbes', probes }]);
    expect([store.get().config.probes, store.get().draft]).toEqual([probes, undefined]);
  });

  it('keeps the robust settings when the worker refuses new ones, and says why', async () => {
    const { store, experiment } = setUp((body) =>
      body.type === 'setRobust' ? 'robust.eps.0: too big' : undefined,
    );
    training(store);
    const robust = { ...DEFAULT_ROBUST, eps: [2] };
    expect(await experiment.setEvaluationSettings({ robust })).toBe('robust.eps.0: too big');
    expect(store.get().config.robust).toBeUndefined();
  });
});
