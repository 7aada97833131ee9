import { describe, expect, it } from 'vitest';
import {
  CONTROL,
  chunkCount,
  newControl,
  openJob,
  readJob,
  sharedJob,
  workOnChunks,
  writeJob,
} from './filterGradControl';
import type { FilterGradJob } from './filterGradPasses';

const job: FilterGradJob = {
  x: 1000,
  dy: 500_000,
  dw: 0,
  images: 21,
  oh: 4,
  ow: 5,
  ci: 3,
  co: 8,
  kh: 3,
  kw: 3,
};
const X_IMAGE = (4 + 2) * (5 + 2) * 3 * 4;
const DY_IMAGE = 4 * 5 * 8 * 4;

describe('the filter-gradient control block', () => {
  it('cuts a job into chunks that cover every image once, each into its own slot, and round-trips the job', () => {
    const control = newControl();
    const flags = new Int32Array(control);
    const shared = sharedJob(job, 9000);
    expect(chunkCount(shared)).toBe(7); // ceil(21 / ceil(21 / 8)) = 7 chunks of 3
    writeJob(control, shared);
    expect(readJob(control)).toEqual(shared);
    openJob(flags, 1);
    const seen: FilterGradJob[] = [];
    workOnChunks(flags, 1, shared, (chunk) => seen.push(chunk));
    expect(Atomics.load(flags, CONTROL.completed)).toBe(7);
    expect(seen.reduce((sum, c) => sum + c.images, 0)).toBe(21);
    seen.forEach((chunk, index) => {
      expect(chunk.x).toBe(job.x + 3 * index * X_IMAGE);
      expect(chunk.dy).toBe(job.dy + 3 * index * DY_IMAGE);
      expect(chunk.dw).toBe(9000 + index * 3 * 3 * 3 * 8 * 4);
    });
  });

  it('gives a late thread nothing once every chunk is claimed or a newer job is open', () => {
    const flags = new Int32Array(newControl());
    const shared = sharedJob({ ...job, images: 2 }, 0);
    openJob(flags, 5);
    let ran = 0;
    workOnChunks(flags, 5, shared, () => {
      ran++;
    });
    workOnChunks(flags, 5, shared, () => {
      ran++;
    });
    expect(ran).toBe(2);
    openJob(flags, 6);
    workOnChunks(flags, 5, shared, () => {
      ran++;
    });
    expect(ran).toBe(2);
    workOnChunks(flags, 6, shared, () => {
      ran++;
    });
    expect(ran).toBe(4);
  });
});
