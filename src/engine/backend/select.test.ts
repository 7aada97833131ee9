import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { type BackendSettle, selectBackend } from './select';

/** A preparer that records each settle and says `says`. */
const recording = (settled: boolean[], says: string) => async (): Promise<BackendSettle> => (started) => {
  settled.push(started);
  return says;
};

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('backend selection: a preparer is settled however its attempt ends', () => {
  it('settles with started = true and shows what it says when the backend starts', async () => {
    const settled: boolean[] = [];
    const report = await selectBackend('cpu', { cpu: recording(settled, 'prepared') });
    expect(report.backend).toBe('cpu');
    expect(report.details).toBe('prepared');
    expect(settled).toEqual([true]);
  });

  it('settles with started = false when the backend fails, so its set-up is undone, and falls back', async () => {
    const settled: boolean[] = [];
    const report = await selectBackend('webgl', { webgl: recording(settled, 'never shown') });
    expect(report.backend).not.toBe('webgl');
    expect(report.fallbackReason).toContain('webgl failed');
    expect(settled).toEqual([false]);
  });
});
