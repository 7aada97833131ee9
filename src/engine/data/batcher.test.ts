import { describe, expect, it } from 'vitest';
import { SeededBatcher } from './batcher';
import { syntheticDataset } from './synthetic';

const dataset = syntheticDataset({ trainCount: 103, testCount: 10 });

describe('SeededBatcher', () => {
  it('gives the same batches for the same seed', () => {
    const a = new SeededBatcher(dataset, 10, 42);
    const b = new SeededBatcher(dataset, 10, 42);
    for (let step = 0; step < 25; step++) expect(b.indicesAt(step)).toEqual(a.indicesAt(step));
  });

  it('gives a different order for another seed', () => {
    const a = new SeededBatcher(dataset, 10, 42);
    const b = new SeededBatcher(dataset, 10, 43);
    expect(b.indicesAt(0)).not.toEqual(a.indicesAt(0));
  });

  it('visits every example at most once per epoch and drops only the partial last batch', () => {
    const batcher = new SeededBatcher(dataset, 10, 1);
    expect(batcher.stepsPerEpoch).toBe(10);
    const seen = new Set<number>();
    for (let step = 0; step < batcher.stepsPerEpoch; step++)
      for (const i of batcher.indicesAt(step)) seen.add(i);
    expect(seen.size).toBe(100);
  });

  it('reshuffles for each epoch', () => {
    const batcher = new SeededBatcher(dataset, 10, 1);
    const first = [...batcher.indicesAt(0)];
    expect([...batcher.indicesAt(batcher.stepsPerEpoch)]).not.toEqual(first);
  });

  it('normalises pixels with the dataset statistics', () => {
    const batcher = new SeededBatcher(dataset, 4, 1);
    const batch = batcher.batchAt(0);
    const example = batcher.indicesAt(0)[0] as number;
    const pixel = dataset.train.images[example * 64] as number;
    expect(batch.x[0]).toBeCloseTo((pixel / 255 - dataset.mean) / dataset.std, 5);
    expect(batch.labels[0]).toBe(dataset.train.labels[example]);
  });
});
