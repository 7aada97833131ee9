import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIdxDataset, MNIST } from './dataset';

const dataDir = join(__dirname, '../../../public/data');
const read = async (fileName: string) => new Uint8Array(await readFile(join(dataDir, fileName)));

describe('shipped MNIST', () => {
  it('loads 7,996 training and 2,004 test digits of every class', async () => {
    const parsed = await loadIdxDataset(MNIST, read);
    if (!parsed.ok) throw new Error(parsed.error);
    const { train, test } = parsed.value;
    expect([train.count, test.count]).toEqual([7996, 2004]);
    expect(new Set(test.labels.subarray(0, 200)).size).toBe(10);
  });

  it('has the pixel statistics its spec states', async () => {
    const parsed = await loadIdxDataset(MNIST, read);
    if (!parsed.ok) throw new Error(parsed.error);
    const pixels = parsed.value.train.images;
    let sum = 0;
    for (const p of pixels) sum += p / 255;
    expect(sum / pixels.length).toBeCloseTo(MNIST.mean, 3);
  });
});
