import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../engine/data/synthetic';
import { config } from '../testing/controllerHarness';
import { TrainerController } from './controller';
import type { WorkerEvent } from './protocol';

describe('the worker’s loaded dataset', () => {
  it('is loaded again when the files behind the same name were saved again, and kept otherwise', async () => {
    const events: WorkerEvent[] = [];
    let version = 'saved at 1';
    let loads = 0;
    const controller = new TrainerController(
      (event) => events.push(event),
      async () => syntheticDataset({ trainCount: 64 + 32 * loads++, testCount: 16 }),
      {},
      async () => version,
    );
    const configure = () => controller.handle({ type: 'configure', config, dataUrl: 'memory', requestId: 1 });
    const trainCounts = () => events.flatMap((e) => (e.type === 'ready' ? [e.trainCount] : []));
    await configure();
    await configure();
    version = 'saved at 2';
    await configure();
    expect(trainCounts()).toEqual([64, 64, 96]);
  });
});
