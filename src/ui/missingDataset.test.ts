import { describe, expect, it } from 'vitest';
import { gatherFiles, mergePicked, missingFiles, requiredFiles, userDatasetOf } from './missingDataset';

const file = (name: string, size = 1) => ({ name, size });
const cifar = userDatasetOf('cifar10:cifar-10-batches-bin');
const idx = userDatasetOf('idx:kmnist');
const csv = userDatasetOf('csv:points.csv');

describe('the files a shared own-dataset link needs', () => {
  it('is nothing for shipped and toy sets', () => {
    expect(userDatasetOf('fashion-mnist')).toBeUndefined();
    expect(userDatasetOf('spiral')).toBeUndefined();
  });

  it('names the CIFAR-10 training batches and test_batch.bin', () => {
    expect(cifar && requiredFiles(cifar).map((r) => r.label)).toEqual([
      'data_batch_1.bin … data_batch_5.bin (the training batches; at least one)',
      'test_batch.bin',
    ]);
  });

  it('names the four IDX files, accepting gzip and test- for t10k-', () => {
    if (!idx) throw new Error('idx:kmnist should be a user dataset');
    expect(requiredFiles(idx)).toHaveLength(4);
    const given = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte', 'test-images-idx3-ubyte'];
    expect(missingFiles(idx, given).map((r) => r.label)).toEqual(['t10k-labels-idx1-ubyte']);
  });

  it('names the CSV file by the link’s label', () => {
    expect(csv && requiredFiles(csv)[0]?.label).toContain('“points.csv”');
    expect(csv && missingFiles(csv, ['other-name.csv'])).toEqual([]);
  });

  it('counts one training batch as enough but never a missing test batch', () => {
    if (!cifar) throw new Error('cifar10:… should be a user dataset');
    expect(missingFiles(cifar, ['data_batch_3.bin', 'test_batch.bin'])).toEqual([]);
    expect(missingFiles(cifar, ['data_batch_1.bin']).map((r) => r.label)).toEqual(['test_batch.bin']);
  });
});

describe('gathering files given while the setup waits for them', () => {
  it('keeps gathering until none is missing, across two picks', () => {
    const first = gatherFiles(cifar, 'cifar10', [], [file('data_batch_1.bin')]);
    expect(first.complete).toBe(false);
    const second = gatherFiles(cifar, 'cifar10', first.files, [file('test_batch.bin')]);
    expect(second).toEqual({ complete: true, files: [file('data_batch_1.bin'), file('test_batch.bin')] });
  });

  it('takes files of another format as a dataset of their own at once', () => {
    expect(gatherFiles(cifar, 'csv', [file('data_batch_1.bin')], [file('a.csv')])).toEqual({
      complete: true,
      files: [file('a.csv')],
    });
  });

  it('takes files at once when nothing waits', () => {
    expect(gatherFiles(undefined, 'cifar10', [], [file('data_batch_1.bin')]).complete).toBe(true);
  });

  it('replaces a file given twice by its later copy', () => {
    expect(mergePicked([file('a.bin', 1), file('b.bin', 1)], [file('a.bin', 2)])).toEqual([
      file('b.bin', 1),
      file('a.bin', 2),
    ]);
  });
});
