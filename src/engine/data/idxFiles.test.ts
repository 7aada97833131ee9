import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './idx';
import { loadIdxFiles } from './idxFiles';

/** Four IDX files of `count` 3×2 images; labels cycle through `classes`. */
function files(count: number, classes: number, testLabels?: number[]) {
  const images = encodeIdx(
    [count, 3, 2],
    Uint8Array.from({ length: count * 6 }, (_, i) => i % 256),
  );
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  return [
    { name: 'train-images-idx3-ubyte.gz', bytes: gzipSync(images) },
    { name: 'train-labels-idx1-ubyte', bytes: encodeIdx([count], labels) },
    { name: 't10k-images.idx3-ubyte', bytes: images },
    { name: 't10k-labels-idx1-ubyte', bytes: encodeIdx([count], Uint8Array.from(testLabels ?? labels)) },
  ];
}

describe('loadIdxFiles', () => {
  it('takes the image size from the header and the classes from the training labels', () => {
    const parsed = loadIdxFiles(files(6, 3));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.imageShape).toEqual([3, 2, 1]);
    expect(parsed.value.numClasses).toBe(3);
    expect([parsed.value.train.count, parsed.value.test.count]).toEqual([6, 6]);
  });

  it('names the files that are missing', () => {
    const parsed = loadIdxFiles(files(4, 2).slice(0, 2));
    expect(!parsed.ok && parsed.error).toBe(
      'IDX: missing testImages, testLabels (four files: train and t10k images and labels)',
    );
  });

  it('rejects a test label the training set does not have', () => {
    const parsed = loadIdxFiles(files(4, 2, [0, 1, 5, 0]));
    expect(!parsed.ok && parsed.error).toBe('t10k-labels-idx1-ubyte: label 5 at index 2 ≥ 2 classes');
  });

  it('passes on the IDX parser message for a wrong magic number', () => {
    const bad = files(4, 2);
    bad[1] = { name: 'train-labels-idx1-ubyte', bytes: encodeIdx([2, 2], new Uint8Array(4)) };
    const parsed = loadIdxFiles(bad);
    expect(!parsed.ok && parsed.error).toMatch(/^train-labels-idx1-ubyte: bad magic number/);
  });

  it('refuses a file whose name has no role', () => {
    const parsed = loadIdxFiles([...files(4, 2), { name: 'readme.txt', bytes: new Uint8Array(1) }]);
    expect(!parsed.ok && parsed.error).toMatch(/^readme\.txt: not an IDX file name/);
  });
});
