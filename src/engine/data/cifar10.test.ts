import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../config/importSize';
import { CIFAR10_RECORD_BYTES, encodeCifar10Batch, loadCifar10, parseCifar10Batch } from './cifar10';
import type { ImageSplit } from './dataset';

/** `count` 32×32×3 images whose pixel (p, c) is (record + p + 7c) mod 256, labels record mod 10. */
function split(count: number, labelOffset = 0): ImageSplit {
  const images = new Uint8Array(count * 3072);
  for (let r = 0; r < count; r++)
    for (let p = 0; p < 1024; p++)
      for (let c = 0; c < 3; c++) images[r * 3072 + p * 3 + c] = (r + p + 7 * c) % 256;
  const labels = Uint8Array.from({ length: count }, (_, r) => (r + labelOffset) % 10);
  return { images, labels, count };
}

describe('CIFAR-10 binary batches', () => {
  it('reads channel-major records into H×W×C images', () => {
    const bytes = new Uint8Array(CIFAR10_RECORD_BYTES);
    bytes[0] = 3;
    bytes[1] = 10; // red of pixel 0
    bytes[1 + 1024] = 20; // green of pixel 0
    bytes[1 + 2048 + 1] = 30; // blue of pixel 1
    const parsed = parseCifar10Batch(bytes, 'data_batch_1.bin');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.labels).toEqual(Uint8Array.from([3]));
    expect([...parsed.value.images.subarray(0, 6)]).toEqual([10, 20, 0, 0, 0, 30]);
  });

  it('reads back what encodeCifar10Batch wrote', () => {
    const original = split(4);
    const parsed = parseCifar10Batch(encodeCifar10Batch(original), 'test_batch.bin');
    expect(parsed).toEqual({ ok: true, value: original });
  });

  it('names a truncated file and its size', () => {
    const bytes = encodeCifar10Batch(split(2)).subarray(0, 5000);
    expect(parseCifar10Batch(bytes, 'data_batch_2.bin')).toEqual({
      ok: false,
      error:
        'data_batch_2.bin: 5000 bytes is not a whole number of 3073-byte records (1 label + 3,072 pixels): truncated or not the CIFAR-10 binary version',
    });
  });

  it('recognises CIFAR-100 records by their size', () => {
    const parsed = parseCifar10Batch(new Uint8Array(3074 * 2), 'train.bin');
    expect(!parsed.ok && parsed.error).toMatch(/CIFAR-100/);
  });

  it('rejects a label outside 0–9 with its record', () => {
    const bytes = encodeCifar10Batch(split(3));
    bytes[2 * CIFAR10_RECORD_BYTES] = 10;
    expect(parseCifar10Batch(bytes, 'test_batch.bin')).toEqual({
      ok: false,
      error: 'test_batch.bin: record 2 has label 10; CIFAR-10 labels are 0–9',
    });
  });

  it('refuses a file over the size limit before reading a record, saying both sizes', () => {
    expect(parseCifar10Batch(new Uint8Array(MAX_IMPORT_BYTES.cifar10 + 2 ** 20), 'data_batch_1.bin')).toEqual(
      {
        ok: false,
        error: 'data_batch_1.bin: the file is 257 MB; CIFAR-10 batch files up to 256 MB can be imported',
      },
    );
  });

  it('rejects an empty file', () => {
    expect(parseCifar10Batch(new Uint8Array(0), 'test_batch.bin').ok).toBe(false);
  });
});

describe('loadCifar10', () => {
  const file = (name: string, count: number, labelOffset = 0) => ({
    name,
    bytes: encodeCifar10Batch(split(count, labelOffset)),
  });

  it('trains on the data batches in their numbered order and tests on test_batch.bin', () => {
    const parsed = loadCifar10([
      file('data_batch_2.bin', 2, 5),
      file('test_batch.bin', 3),
      file('data_batch_1.bin', 4),
    ]);
    if (!parsed.ok) throw new Error(parsed.error);
    const { train, test, imageShape, numClasses } = parsed.value;
    expect([train.count, test.count, numClasses]).toEqual([6, 3, 10]);
    expect(imageShape).toEqual([32, 32, 3]);
    // data_batch_1 (labels 0..3) before data_batch_2 (labels 5, 6).
    expect([...train.labels]).toEqual([0, 1, 2, 3, 5, 6]);
  });

  it('normalises with the training pixels statistics', () => {
    const parsed = loadCifar10([file('data_batch_1.bin', 2), file('test_batch.bin', 1)]);
    if (!parsed.ok) throw new Error(parsed.error);
    const pixels = split(2).images;
    const mean = [...pixels].reduce((sum, p) => sum + p / 255, 0) / pixels.length;
    expect(parsed.value.mean).toBeCloseTo(mean, 6);
  });

  it('asks for test_batch.bin when it is missing', () => {
    expect(loadCifar10([file('data_batch_1.bin', 1)])).toEqual({
      ok: false,
      error: 'CIFAR-10: test_batch.bin is missing',
    });
  });

  it('refuses a file with another name', () => {
    const parsed = loadCifar10([
      file('data_batch_1.bin', 1),
      file('test_batch.bin', 1),
      file('notes.bin', 1),
    ]);
    expect(!parsed.ok && parsed.error).toMatch(/^notes\.bin: not a CIFAR-10 batch name/);
  });
});
