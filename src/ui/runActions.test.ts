import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { ExperimentConfig } from '../config/schema';
import { fakeExperiment, flush, training } from '../testing/experimentHarness';
import type { RequestBody, RunStatus } from '../worker/protocol';

/** The default runs, SAM sweeping ρ over two values. */
const swept: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  sweep: [{ runId: 'sam', key: 'rho', values: [0.02, 0.1] }],
};

/** What the worker says of one of its runs after `step` steps with `hparams`. */
const status = (runId: string, step: number, hparams = DEFAULT_HYPERPARAMS): RunStatus => ({
  runId,
  optimizer: 'sam',
  status: 'active',
  step,
  replicas: [{ status: 'active', step }],
  hparams,
  gradEvalsPerStep: 2,
});

const sentOf = (sent: RequestBody[], type: RequestBody['type']) => sent.filter((body) => body.type === type);

describe('RunActions', () => {
  it('before training, adding a run changes the setup and re-configures the worker', async () => {
    const { store, experiment, worker } = fakeExperiment();
    await experiment.runs.add('bisam-tanh');
    await flush();
    await experiment.configure(store.get().config);
    expect(store.get().config.runs.map((r) => r.id)).toEqual(['sgd', 'sam', 'bisam-log', 'bisam-tanh']);
    expect(worker.sent.map((b) => b.type)).toEqual(['configure']);
  });

  it('during training, a new run goes to the worker first, then into the setup', async () => {
    const { store, experiment, worker } = fakeExperiment();
    training(store);
    await experiment.runs.add('bisam-tanh');
    expect(worker.sent[0]).toMatchObject({
      type: 'addRun',
      run: { optimizer: 'bisam-tanh', hparams: DEFAULT_HYPERPARAMS },
    });
    expect(store.get().config.runs).toHaveLength(4);
  });

  it('keeps the setup unchanged when the worker refuses a new run, and says why', async () => {
    const { store, experiment } = fakeExperiment({ refuse: () => 'no room' });
    training(store);
    await experiment.runs.add('sam');
    expect(store.get().config.runs).toHaveLength(3);
    expect(store.get().notices).toEqual(['Could not add SAM 2: no room']);
  });

  it('refuses an out-of-range live value on the page, without asking the worker', async () => {
    const { store, experiment, worker } = fakeExperiment();
    training(store);
    expect(await experiment.runs.setHyperparam('sam', { rho: -1 })).toBe('Radius ρ must be ≥ 0 and ≤ 10');
    expect(worker.sent).toEqual([]);
  });

  it('sends a live change to the worker and shows its refusal next to the field', async () => {
    const { store, experiment, worker } = fakeExperiment({
      refuse: (body) => (body.type === 'updateHyperparams' ? 'rho is not used by sgd' : undefined),
    });
    training(store);
    expect(await experiment.runs.setHyperparam('sgd', { rho: 0.1 })).toBe('rho is not used by sgd');
    expect(worker.sent).toEqual([{ type: 'updateHyperparams', runId: 'sgd', patch: { rho: 0.1 } }]);
  });

  it('sends any knob to the worker while a run trains, nesterov included', async () => {
    const { store, experiment, worker } = fakeExperiment();
    training(store);
    expect(await experiment.runs.setHyperparam('sam', { nesterov: true })).toBeUndefined();
    expect(worker.sent).toContainEqual({
      type: 'updateHyperparams',
      runId: 'sam',
      patch: { nesterov: true },
    });
  });

  it('forks each value of a swept run from its own state, and the fork sweeps the same values', async () => {
    const { store, experiment, worker } = fakeExperiment({ config: swept });
    training(store, [status('sam@rho=0.02', 7), status('sam@rho=0.1', 7)]);
    await experiment.runs.fork('sam');
    expect(worker.sent.map((body) => body.type === 'forkRun' && [body.parentId, body.run.id])).toEqual([
      ['sam@rho=0.02', 'sam-fork@rho=0.02'],
      ['sam@rho=0.1', 'sam-fork@rho=0.1'],
    ]);
    expect(store.get().config.runs.at(-1)?.name).toBe('SAM (fork @7)');
    expect(store.get().config.sweep).toContainEqual({ runId: 'sam-fork', key: 'rho', values: [0.02, 0.1] });
  });

  it('duplicates a swept run while it trains: every value of the sweep starts afresh', async () => {
    const { store, experiment, worker } = fakeExperiment({ config: swept });
    training(store);
    await experiment.runs.duplicate('sam');
    expect(
      sentOf(worker.sent, 'addRun').map((body) => body.type === 'addRun' && body.run.hparams.rho),
    ).toEqual([0.02, 0.1]);
    expect(store.get().config.sweep.map((axis) => axis.runId)).toEqual(['sam', 'sam-copy']);
  });

  it('copies a swept run with the live values of its knobs but the sweep values of its swept knob', async () => {
    const { store, experiment } = fakeExperiment({ config: swept });
    const live = { ...DEFAULT_HYPERPARAMS, lr: 0.3, rho: 0.02 };
    training(store, [status('sam@rho=0.02', 3, live), status('sam@rho=0.1', 3, { ...live, rho: 0.1 })]);
    await experiment.runs.duplicate('sam');
    const copy = store.get().config.runs.at(-1);
    expect([copy?.hparams.lr, copy?.hparams.rho]).toEqual([0.3, DEFAULT_HYPERPARAMS.rho]);
  });

  it('takes back the values already forked when the worker refuses one, and says why', async () => {
    const { store, experiment, worker } = fakeExperiment({
      config: swept,
      refuse: (body) =>
        body.type === 'forkRun' && body.parentId === 'sam@rho=0.1' ? 'out of memory' : undefined,
    });
    training(store);
    await experiment.runs.fork('sam');
    expect(sentOf(worker.sent, 'removeRun')).toEqual([{ type: 'removeRun', runId: 'sam-fork@rho=0.02' }]);
    expect(store.get().config.runs.map((run) => run.id)).toEqual(['sgd', 'sam', 'bisam-log']);
    expect(store.get().notices).toEqual(['Could not add SAM (fork @0): out of memory']);
  });

  it('refuses a live copy of a swept run that would not fit the session, before asking the worker', async () => {
    // 4 session runs × 10 seeds fill the 40 replicas; the copy's two values would make 60.
    const { store, experiment, worker } = fakeExperiment({ config: { ...swept, seeds: 10 } });
    training(store);
    await experiment.runs.duplicate('sam');
    expect(worker.sent).toEqual([]);
    expect(store.get().notices[0]).toMatch(/^Could not add SAM \(copy\): 6 runs × 10 seeds = 60 replicas/);
  });

  it('removes every value of a swept run from the session while it trains', async () => {
    const { store, experiment, worker } = fakeExperiment({ config: swept });
    training(store);
    await experiment.runs.remove('sam');
    expect(sentOf(worker.sent, 'removeRun').map((body) => body.type === 'removeRun' && body.runId)).toEqual([
      'sam@rho=0.02',
      'sam@rho=0.1',
    ]);
    expect(store.get().config.sweep).toEqual([]);
  });
});
