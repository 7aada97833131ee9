import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeCifar10Batch } from '../../src/engine/data/cifar10';
import { loadDataset } from '../common/nodeData';
import { parseDataFlags } from './dataFlags';

describe('data flags', () => {
  it('reads own files as format:folder with the folder as the label', () => {
    const errors: string[] = [];
    const options = parseDataFlags({ dataset: 'cifar10:/data/cifar-10-batches-bin', subset: '1000' }, errors);
    expect(errors).toEqual([]);
    expect(options).toEqual({
      dataset: 'cifar10:cifar-10-batches-bin',
      datasetPath: '/data/cifar-10-batches-bin',
      subset: 1000,
    });
  });

  it('reads the regime with the share links parsers and names each bad flag', () => {
    const errors: string[] = [];
    const options = parseDataFlags(
      { dataset: 'mnist', labelNoise: 'pair:0.2', augment: 'crop,flip', toyNoise: '2' },
      errors,
    );
    expect(options.labelNoise).toEqual({ kind: 'pair', rate: 0.2 });
    expect(options.augment).toEqual({ crop: true, flip: true });
    expect(errors).toEqual(['--toy-noise must be from 0 to 1, got "2"']);
    parseDataFlags({ dataset: 'cifar', labelNoise: 'random:0.1' }, errors);
    expect(errors.slice(1).map((e) => e.split(':')[0])).toEqual(['--dataset', '--label-noise']);
  });

  it('loads CIFAR-10 batches from a folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cifar-'));
    const split = (count: number) => ({
      images: new Uint8Array(count * 3072).fill(9),
      labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
      count,
    });
    await writeFile(join(folder, 'data_batch_1.bin'), encodeCifar10Batch(split(20)));
    await writeFile(join(folder, 'test_batch.bin'), encodeCifar10Batch(split(10)));
    const dataset = await loadDataset({ dataset: 'cifar10:x', datasetPath: folder, dataDir: 'public/data' });
    expect([dataset.train.count, dataset.test.count, ...dataset.imageShape]).toEqual([20, 10, 32, 32, 3]);
  });
});
