import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../config/schema';
import { config, harness } from '../testing/controllerHarness';
import type { RequestBody } from '../worker/protocol';
import { applyEvent } from './applyEvent';
import { Experiment } from './experiment';
import { type AppState, createStore, initialState } from './store';

/** The harness's two runs, B (SAM) sweeping ρ over two values, two seeds each: 2 × 3 session runs' replicas. */
const swept: ExperimentConfig = {
  ...config,
  seeds: 2,
  steps: 400,
  sweep: [{ runId: 'b', key: 'rho', values: [0.02, 0.1] }],
};

/** The page's Experiment talking to a real controller, its events applied to the page's store. */
function pageOnController() {
  const h = harness();
  const store = createStore<AppState>(initialState(swept));
  let applied = 0;
  const sync = () => {
    for (const event of h.events.slice(applied)) store.update((s) => applyEvent(s, event));
    applied = h.events.length;
  };
  const experiment = new Experiment(store, 'memory', 0);
  experiment.link = {
    request: async (body: RequestBody) => {
      const result = await h.request(body);
      sync();
      return result;
    },
  };
  const stepOnce = async () => {
    await experiment.command('stepOnce');
    await h.waitFor('paused');
    sync();
  };
  return { h, store, experiment, stepOnce };
}

describe('RunActions on a training session', () => {
  it('a forked swept run continues every value and seed from its parent: the next step matches it', async () => {
    const { h, store, experiment, stepOnce } = pageOnController();
    await experiment.configure(swept);
    for (let step = 0; step < 3; step += 1) await stepOnce();
    await experiment.runs.fork('b');
    await stepOnce();
    expect(store.get().notices).toEqual([]);
    for (const value of ['0.02', '0.1'])
      for (const replica of [0, 1]) {
        const [childLoss] = h.valuesOf(`b-fork@rho=${value}`, 'loss', replica);
        const parentLoss = h.valuesOf(`b@rho=${value}`, 'loss', replica).at(-1);
        expect([h.stepsOf(`b-fork@rho=${value}`, replica), childLoss]).toEqual([[3], parentLoss]);
      }
  });
});
