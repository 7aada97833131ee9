import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { config, harness } from '../testing/controllerHarness';
import type { Checkpoint } from './protocol';
import { type CheckpointReply, checkpointBytes, type SavedCheckpoint } from './savedCheckpoints';
import { yieldToEvents } from './trainLoop';

describe('a checkpoint’s size', () => {
  it('counts the frozen weights of a robust evaluation in progress beside the runs’ state', () => {
    const run = DEFAULT_CONFIG.runs[0] as (typeof DEFAULT_CONFIG.runs)[number];
    const runState = {
      config: run,
      replica: 0,
      step: 3,
      phase: 'active' as const,
      values: [new Float32Array(1000)],
    };
    const checkpoint = (robust?: Checkpoint['snapshot']['robust']): Checkpoint => ({
      step: 3,
      snapshot: { runs: [runState], ...(robust ? { robust } : {}) },
    });
    const target = { runId: run.id, step: 2, state: [new Float32Array(300), new Float32Array(200)] };
    const job = {
      settings: { attacks: [], eps: [], pgdSteps: 1, sigmas: [], examples: 1, seed: 0 },
      targets: [target],
    };
    expect(checkpointBytes(checkpoint())).toBe(4000);
    expect(checkpointBytes(checkpoint({ tick: 2, job }))).toBe(6000);
  });
});

describe('the worker saving its checkpoint for the page', () => {
  const trainAndPause = async (h: ReturnType<typeof harness>, steps: number) => {
    await h.request({ type: 'start' });
    while (h.stepsOf('b').length < steps) await yieldToEvents();
    await h.request({ type: 'pause' });
  };

  it('writes the latest checkpoint under a key of its own, once per checkpoint', async () => {
    const written = new Map<string, Checkpoint>();
    const h = harness(async (key, checkpoint) => {
      written.set(key, checkpoint);
    });
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    expect(await h.request({ type: 'saveCheckpoint', recordId: 'r1' })).toBeUndefined();

    await trainAndPause(h, 10);
    const first = (await h.request({ type: 'saveCheckpoint', recordId: 'r1' })) as SavedCheckpoint;
    const latest = (await h.request({ type: 'checkpoint' })) as Checkpoint;
    expect(first.step).toBe(latest.step);
    expect(first.key.startsWith(`checkpoint:r1:${latest.step}:`)).toBe(true);
    expect(written.get(first.key)).toEqual(latest);
    expect(first.bytes).toBe(checkpointBytes(latest));
    // Asked again with nothing new: the same key, nothing written again.
    expect(await h.request({ type: 'saveCheckpoint', recordId: 'r1' })).toEqual(first);
    expect(written.size).toBe(1);

    await trainAndPause(h, 20);
    const second = (await h.request({ type: 'saveCheckpoint', recordId: 'r1' })) as SavedCheckpoint;
    expect(second.step).toBeGreaterThan(first.step);
    expect(second.key).not.toBe(first.key);
    // The checkpoint the saved session still points at is left as it was.
    expect(written.get(first.key)?.step).toBe(first.step);
  });

  it('replies with the failure’s name and the checkpoint’s size when it cannot be written', async () => {
    const h = harness(async () => {
      throw Object.assign(new Error(''), { name: 'QuotaExceededError' });
    });
    await h.request({ type: 'configure', config, dataUrl: 'memory' });
    await trainAndPause(h, 5);
    const reply = (await h.request({ type: 'saveCheckpoint', recordId: 'r1' })) as CheckpointReply;
    expect(reply).toMatchObject({ failure: { name: 'QuotaExceededError', message: '' } });
    expect(reply.bytes).toBeGreaterThan(0);
  });

  it('holds training while a checkpoint is being written, so the write finishes within a step', async () => {
    let finish = () => {};
    const h = harness(() => new Promise<void>((resolve) => (finish = resolve)));
    await h.request({ type: 'configure', config: { ...config, steps: 10_000 }, dataUrl: 'memory' });
    await h.request({ type: 'start' });
    while (h.stepsOf('b').length < 5) await yieldToEvents();
    const saving = h.request({ type: 'saveCheckpoint', recordId: 'r1' });
    const sleep = () => new Promise((resolve) => setTimeout(resolve, 300));
    await sleep();
    const held = h.stepsOf('b').length;
    await sleep();
    expect(h.stepsOf('b').length).toBe(held);
    finish();
    expect(await saving).toMatchObject({ key: expect.stringMatching(/^checkpoint:r1:/) });
    while (h.stepsOf('b').length <= held) await yieldToEvents();
    await h.request({ type: 'stop' });
  });
});
