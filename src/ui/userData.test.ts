import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { MAX_IMPORT_BYTES } from '../config/importSize';
import { createStore, initialState } from './store';
import { describeStoredFiles, forgetOnceApplied, importDatasetFiles, planDatasetDrop } from './userData';

const IDX_NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'];
const on = (dataset: string) => ({ ...DEFAULT_CONFIG, dataset });

describe('dropped dataset files', () => {
  it('are refused over their size limit before any is read, naming the file and both sizes', async () => {
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES.csv + 2 ** 20)], 'points.csv');
    await expect(importDatasetFiles([big], { config: DEFAULT_CONFIG, live: false })).rejects.toThrow(
      'points.csv: the file is 65 MB; CSV files up to 64 MB can be imported',
    );
  });

  it('take the format label when the setup uses another dataset, replacing nothing', () => {
    expect(planDatasetDrop('idx', IDX_NAMES, { config: on('mnist'), live: false })).toEqual({
      name: 'idx:idx-files',
    });
  });

  it('of the format in use take a new name and replace the files in use, so the setup changes', () => {
    const drop = planDatasetDrop('idx', IDX_NAMES, { config: on('idx:idx-files'), live: false });
    expect(drop).toEqual({ name: 'idx:idx-files-2', replaces: 'idx:idx-files' });
  });

  it('dropped a third time take the first name back, replacing the second', () => {
    const drop = planDatasetDrop('idx', IDX_NAMES, { config: on('idx:idx-files-2'), live: false });
    expect(drop).toEqual({ name: 'idx:idx-files', replaces: 'idx:idx-files-2' });
  });

  it('replace the files runs are training on only once the new experiment starts', () => {
    const training = { config: on('idx:idx-files'), live: true };
    expect(planDatasetDrop('idx', IDX_NAMES, training)).toEqual({
      name: 'idx:idx-files-2',
      replacesOnceApplied: 'idx:idx-files',
    });
  });

  it('dropped again while a draft waits take a name past both setup and draft, replacing the draft’s', () => {
    const drafted = { config: on('idx:idx-files'), live: true, draft: on('idx:idx-files-2') };
    expect(planDatasetDrop('idx', IDX_NAMES, drafted)).toEqual({
      name: 'idx:idx-files-3',
      replaces: 'idx:idx-files-2',
      replacesOnceApplied: 'idx:idx-files',
    });
  });

  it('of a CSV of the same file name as the one in use replace it under a numbered name', () => {
    const drop = planDatasetDrop('csv', ['points.csv'], { config: on('csv:points.csv'), live: false });
    expect(drop).toEqual({ name: 'csv:points.csv-2', replaces: 'csv:points.csv' });
  });

  it('leave a dataset of another label alone', () => {
    const drop = planDatasetDrop('csv', ['other.csv'], { config: on('csv:points.csv'), live: false });
    expect(drop).toEqual({ name: 'csv:other.csv' });
  });

  it('awaited by a link take the link’s name, whatever they are called', () => {
    const context = { config: on('csv:points.csv'), live: false, waiting: 'csv:points.csv' };
    expect(planDatasetDrop('csv', ['my copy.csv'], context)).toEqual({ name: 'csv:points.csv' });
  });

  it('replaced while runs train are forgotten when the draft is applied, not before', () => {
    const store = createStore(initialState({ ...DEFAULT_CONFIG, dataset: 'idx:idx-files' }));
    store.update((s) => ({ ...s, draft: on('idx:idx-files-2') }));
    const forgotten: string[] = [];
    forgetOnceApplied(store, 'idx:idx-files', 'idx:idx-files-2', async (name) => void forgotten.push(name));
    store.update((s) => ({ ...s, status: 'paused' }));
    expect(forgotten).toEqual([]);
    store.update((s) => ({ ...s, config: on('idx:idx-files-2'), draft: undefined }));
    expect(forgotten).toEqual(['idx:idx-files']);
  });

  it('replaced while runs train are kept when the draft is discarded', () => {
    const store = createStore(initialState({ ...DEFAULT_CONFIG, dataset: 'idx:idx-files' }));
    store.update((s) => ({ ...s, draft: on('idx:idx-files-2') }));
    const forgotten: string[] = [];
    forgetOnceApplied(store, 'idx:idx-files', 'idx:idx-files-2', async (name) => void forgotten.push(name));
    store.update((s) => ({ ...s, draft: undefined }));
    store.update((s) => ({ ...s, config: on('idx:idx-files-2') }));
    expect(forgotten).toEqual([]);
  });

  it('are listed by name and size', () => {
    const listing = {
      files: [
        { name: 'a', bytes: 1536 },
        { name: 'b', bytes: 3 * 2 ** 20 },
      ],
      savedAt: 0,
    };
    expect(describeStoredFiles(listing)).toBe('a (1.5 kB), b (3.0 MB)');
  });
});
