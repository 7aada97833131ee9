/**
 * Small dataset files in the formats a user drops (CIFAR-10 binary batches, IDX, CSV), written by the
 * tests themselves with the app's own encoders, and the drop itself as a user makes it.
 */
import type { Page } from '@playwright/test';
import { encodeCifar10Batch } from '../src/engine/data/cifar10';
import { encodeIdx } from '../src/engine/data/idx';
import { readState } from './helpers';

/** File name → bytes (plain arrays: they cross into the page as JSON). */
export type DataFiles = Record<string, number[]>;

/** `count` CIFAR-format records: label r mod 10, pixels a pattern of the record and channel. */
export function cifarBatch(count: number): number[] {
  const images = Uint8Array.from(
    { length: count * 3072 },
    (_, i) => (i * 7 + Math.floor(i / 3072) * 31) % 256,
  );
  const labels = Uint8Array.from({ length: count }, (_, r) => r % 10);
  return [...encodeCifar10Batch({ images, labels, count })];
}

/** The four IDX files of an MNIST-like set of 28×28 images: label r mod 10, a band that moves with it. */
export function idxSet(trainCount: number, testCount: number): DataFiles {
  const split = (count: number) => {
    const labels = Uint8Array.from({ length: count }, (_, r) => r % 10);
    const images = Uint8Array.from({ length: count * 784 }, (_, i) => {
      const record = Math.floor(i / 784);
      const row = Math.floor((i % 784) / 28);
      return Math.floor(row / 3) === (labels[record] as number) ? 220 : (i * 13) % 60;
    });
    return {
      images: [...encodeIdx([count, 28, 28], images)],
      labels: [...encodeIdx([count], labels)],
    };
  };
  const train = split(trainCount);
  const test = split(testCount);
  return {
    'train-images-idx3-ubyte': train.images,
    'train-labels-idx1-ubyte': train.labels,
    't10k-images-idx3-ubyte': test.images,
    't10k-labels-idx1-ubyte': test.labels,
  };
}

/** A CSV of two features and a label column: `rows` points, class 1 right of x = 0. */
export function pointsCsv(rows: number): number[] {
  const lines = ['x,y,label'];
  for (let r = 0; r < rows; r++) {
    const x = ((r * 37) % 21) / 5 - 2;
    const y = ((r * 17) % 13) / 3 - 2;
    lines.push(`${x.toFixed(2)},${y.toFixed(2)},${x > 0 ? 1 : 0}`);
  }
  return [...new TextEncoder().encode(`${lines.join('\n')}\n`)];
}

/** Drops files (name → bytes) on the page as a user would. */
export async function dropFiles(page: Page, files: DataFiles): Promise<void> {
  await page.evaluate((entries) => {
    const transfer = new DataTransfer();
    for (const [name, bytes] of entries) transfer.items.add(new File([new Uint8Array(bytes)], name));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  }, Object.entries(files));
}

/** The files as a file picker takes them. */
export function pickable(files: DataFiles): { name: string; mimeType: string; buffer: Buffer }[] {
  return Object.entries(files).map(([name, bytes]) => ({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes),
  }));
}

/** The training-set size of the loaded dataset, once the worker reports it. */
export function trainCount(page: Page): Promise<number | undefined> {
  return readState(page, (s) => (s as unknown as { info?: { trainCount: number } }).info?.trainCount);
}
