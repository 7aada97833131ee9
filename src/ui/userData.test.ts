import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { MAX_IMPORT_BYTES } from '../config/importSize';
import { importDatasetFiles } from './userData';

describe('dropped dataset files', () => {
  it('are refused over their size limit before any is read, naming the file and both sizes', async () => {
    const big = new File([new Uint8Array(MAX_IMPORT_BYTES.csv + 2 ** 20)], 'points.csv');
    await expect(importDatasetFiles([big], DEFAULT_CONFIG)).rejects.toThrow(
      'points.csv: the file is 65 MB; CSV files up to 64 MB can be imported',
    );
  });
});
