import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { ExperimentConfig } from '../config/schema';
import type { SessionEvent } from '../config/stream';
import { syntheticDataset } from '../engine/data/synthetic';
import { TrainerController } from './controller';
import type { RequestBody, WorkerEvent, WorkerRequest } from './protocol';
import { yieldToEvents } from './trainLoop';

const dataset = syntheticDataset({ trainCount: 128, testCount: 32, imageShape: [8, 8, 1], numClasses: 4 });
const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  backend: 'cpu',
  model: 'custom',
  layers: [{ type: 'flatten' }, { type: 'dense', units: 4, activation: 'linear' }],
  batchSize: 8,
  steps: 40,
  evalEvery: 10,
  evalExamples: 32,
  robust: { attacks: ['fgsm', 'pgd'], eps: [2, 8], pgdSteps: 3, examples: 32, sigmas: [0.1] },
  runs: [
    { id: 'a', name: 'A', optimizer: 'sgd', hparams: DEFAULT_HYPERPARAMS },
    { id: 'b', name: 'B', optimizer: 'sam', hparams: DEFAULT_HYPERPARAMS },
  ],
};

async function trainToEnd(
  experiment: ExperimentConfig,
  duringTraining: (request: (body: RequestBody) => Promise<void>) => Promise<void> = async () => {},
): Promise<WorkerEvent[]> {
  const events: WorkerEvent[] = [];
  const controller = new TrainerController(
    (event) => events.push(event),
    async () => dataset,
  );
  let requestId = 0;
  const request = (body: RequestBody) =>
    controller.handle({ ...body, requestId: ++requestId } as WorkerRequest);
  await request({ type: 'configure', config: experiment, dataUrl: 'memory' });
  await request({ type: 'start' });
  await duringTraining(request);
  while (!events.some((e) => e.type === 'status' && e.status === 'done')) await yieldToEvents();
  return events;
}

const robustEvents = (events: WorkerEvent[]) =>
  events
    .flatMap((e) => (e.type === 'metrics' ? e.events : []))
    .filter((e): e is Extract<SessionEvent, { kind: 'robust' }> => e.kind === 'robust');

describe('robust evaluation in the worker', () => {
  it('streams one robust record per run and evaluation while training goes on', async () => {
    const events = await trainToEnd(config);
    const robust = robustEvents(events);
    for (const runId of ['a', 'b'])
      expect(robust.filter((e) => e.runId === runId).map((e) => e.step)).toEqual([0, 10, 20, 30, 40]);
    expect(robust[0]?.record).toMatchObject({ eps: [2, 8], pgdSteps: 3, gradientEvaluations: 7 });
    // Some progress messages went out while an evaluation was still in slices.
    const inProgress = events.filter((e) => e.type === 'metrics' && e.progress.robust !== undefined);
    expect(inProgress.length).toBeGreaterThan(0);
  });

  it('takes an "evaluate now" while an evaluation runs in slices without losing or repeating one', async () => {
    const events = await trainToEnd(config, async (request) => {
      for (let i = 0; i < 20; i++) await yieldToEvents();
      await request({ type: 'evaluateNow' });
    });
    expect(events.filter((e) => e.type === 'failed' || (e.type === 'reply' && !e.ok))).toEqual([]);
    const steps = robustEvents(events)
      .filter((e) => e.runId === 'a')
      .map((e) => e.step);
    expect(steps).toEqual([...new Set(steps)].sort((x, y) => x - y));
    expect(steps).toEqual(expect.arrayContaining([0, 10, 20, 30, 40]));
  });

  it('streams no robust events when the config has none', async () => {
    const { robust: _, ...plain } = config;
    expect(robustEvents(await trainToEnd(plain))).toEqual([]);
  });
});
