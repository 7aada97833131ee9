/**
 * A TrainerController driven directly (no worker, no MessageChannel) on a tiny synthetic problem: the
 * controller tests and the checkpoint tests share it.
 */
import { DEFAULT_CONFIG } from '../config/defaults';
import type { StepMetricName } from '../config/metrics';
import { DEFAULT_HYPERPARAMS } from '../config/optimizers';
import type { ExperimentConfig } from '../config/schema';
import { syntheticDataset } from '../engine/data/synthetic';
import { TrainerController } from '../worker/controller';
import type { RequestBody, WorkerEvent, WorkerRequest } from '../worker/protocol';
import type { CheckpointWrite } from '../worker/savedCheckpoints';
import { yieldToEvents } from '../worker/trainLoop';

export const dataset = syntheticDataset({
  trainCount: 128,
  testCount: 32,
  imageShape: [8, 8, 1],
  numClasses: 4,
});
export const config: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  backend: 'cpu',
  model: 'custom',
  layers: [{ type: 'flatten' }, { type: 'dense', units: 4, activation: 'linear' }],
  batchSize: 8,
  steps: 60,
  evalEvery: 20,
  evalExamples: 32,
  runs: [
    { id: 'a', name: 'A', optimizer: 'sgd', hparams: DEFAULT_HYPERPARAMS },
    { id: 'b', name: 'B', optimizer: 'sam', hparams: DEFAULT_HYPERPARAMS },
  ],
};

/** A controller on the synthetic dataset; `writeCheckpoint` stands in for IndexedDB where a test saves checkpoints. */
export function harness(writeCheckpoint?: CheckpointWrite) {
  const events: WorkerEvent[] = [];
  const controller = new TrainerController(
    (event) => events.push(event),
    async () => dataset,
    {},
    undefined,
    writeCheckpoint,
  );
  let nextId = 1;
  const request = async (body: RequestBody) => {
    const requestId = nextId++;
    await controller.handle({ ...body, requestId } as WorkerRequest);
    const reply = events.find((e) => e.type === 'reply' && e.requestId === requestId);
    if (reply?.type === 'reply' && !reply.ok) throw new Error(reply.error);
    return reply?.type === 'reply' && reply.ok ? reply.result : undefined;
  };
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const waitFor = async (status: string) => {
    while (statuses().at(-1) !== status) await yieldToEvents();
  };
  const metrics = () => events.flatMap((e) => (e.type === 'metrics' ? [e] : []));
  /** A run's chunks in streamed order: one seed's (`replica`), or every seed's when it is absent. */
  const chunksOf = (runId: string, replica?: number) =>
    metrics().flatMap((m) =>
      m.chunks.filter((c) => c.runId === runId && (replica === undefined || (c.replica ?? 0) === replica)),
    );
  const stepsOf = (runId: string, replica?: number) => chunksOf(runId, replica).flatMap((c) => [...c.steps]);
  /** One metric of one run, in streamed order (NaN where not measured). */
  const valuesOf = (runId: string, metric: StepMetricName, replica?: number) =>
    chunksOf(runId, replica).flatMap((c) => [...(c.values[metric] ?? [])]);
  return { events, request, waitFor, metrics, stepsOf, valuesOf, statuses };
}
