/**
 * The page's Experiment on a worker stand-in that records requests: the experiment and run-action
 * tests share it. `training` puts the store where the page is after a first step came in.
 */
import { DEFAULT_CONFIG } from '../config/defaults';
import type { ExperimentConfig } from '../config/schema';
import { applyEvent } from '../ui/applyEvent';
import { Experiment } from '../ui/experiment';
import { type AppState, createStore, initialState, type Store } from '../ui/store';
import type { RequestBody, RunStatus, WorkerEvent } from '../worker/protocol';

/** A worker stand-in: records requests; `refuse` decides which ones fail and with what message. */
export function fakeWorker(refuse: (body: RequestBody) => string | undefined = () => undefined) {
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

export const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A session that has trained a step and is training now; `runs`: what the worker says of its runs. */
export function training(store: Store<AppState>, runs: RunStatus[] = []): void {
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
      runs,
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

/** An Experiment of `config` (the default setup) on a fake worker; `stored`: the own datasets at hand. */
export function fakeExperiment(
  options: {
    refuse?: (body: RequestBody) => string | undefined;
    stored?: Set<string>;
    config?: ExperimentConfig;
  } = {},
) {
  const { refuse, stored, config = DEFAULT_CONFIG } = options;
  const store = createStore<AppState>(initialState(config));
  const hasData = stored ? async (name: string) => !name.includes(':') || stored.has(name) : undefined;
  const experiment = new Experiment(store, 'http://data/', 0, hasData);
  const worker = fakeWorker(refuse);
  experiment.link = worker;
  return { store, experiment, worker };
}
