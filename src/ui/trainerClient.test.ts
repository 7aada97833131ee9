import { describe, expect, it } from 'vitest';
import { config, dataset } from '../testing/controllerHarness';
import { InProcessWorker } from '../testing/inProcessWorker';
import { yieldToEvents } from '../worker/trainLoop';
import { applyEvent } from './applyEvent';
import { initialPersistence, restartOffer } from './persistence/persistenceState';
import { type AppState, initialState } from './store';
import { TrainerClient } from './trainerClient';

/** A page: the client on an in-process worker, every event it passes on folded into the page state. */
function page(loadDataset = async () => dataset) {
  const worker = new InProcessWorker(loadDataset);
  const client = new TrainerClient(worker);
  let state: AppState = initialState(config);
  client.onEvent((event) => {
    state = applyEvent(state, event);
  });
  const until = async (done: () => boolean) => {
    while (!done()) await yieldToEvents();
  };
  const steps = () => state.runs.get('a')?.steps.length ?? 0;
  return { worker, client, state: () => state, until, steps };
}

describe('TrainerClient when the worker crashes', () => {
  it('reports an error nothing in the worker caught with its message, and marks the client crashed', async () => {
    const p = page();
    p.worker.run(() => {
      throw new Error('kernel Conv2D failed: bad shape');
    });
    await p.until(() => p.state().status === 'failed');
    expect(p.client.crash).toBe('The training worker crashed: kernel Conv2D failed: bad shape');
    expect(p.state().statusMessage).toBe(p.client.crash);
    expect(p.worker.terminated).toBe(1);
  });

  it('reports a failed allocation as running out of memory, with the original message', async () => {
    const p = page();
    // A real allocation the engine cannot get: the RangeError a worker throws when memory runs out.
    p.worker.run(() => new ArrayBuffer(2 ** 40));
    await p.until(() => p.client.crash !== undefined);
    expect(p.client.crash).toMatch(
      /^The training worker crashed: it ran out of memory \(.*allocation failed\)/,
    );
    expect(p.state().statusMessage).toBe(p.client.crash);
  });

  it('reports a lost device the backend could not survive as a lost GPU device', async () => {
    const p = page();
    p.worker.run(() => {
      throw new DOMException("Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost", 'OperationError');
    });
    await p.until(() => p.client.crash !== undefined);
    expect(p.client.crash).toMatch(/^The training worker crashed: the GPU device was lost .*Device is lost/);
  });

  it('reports an error event of the Worker itself and prevents the browser’s default report', () => {
    const p = page();
    expect(p.worker.fireError('')).toBe(true);
    expect(p.client.crash).toBe('The training worker crashed: the training worker failed to start');
    expect(p.state().status).toBe('failed');
  });

  it('keeps the crash on the page while the worker trained on and its later messages arrived', async () => {
    const p = page();
    await p.client.request({ type: 'configure', config: { ...config, steps: 400 }, dataUrl: 'memory' });
    await p.client.request({ type: 'start' });
    await p.until(() => p.steps() >= 5);
    p.worker.run(() => {
      throw new Error('simulated crash mid-training');
    });
    await p.until(() => p.client.crash !== undefined);
    const stepsAtCrash = p.steps();
    await p.worker.settled();
    // The worker did send more (its last metrics, the 'done' of winding down), and none of it counted.
    const crashAt = p.worker.posted.findIndex((e) => e.type === 'failed');
    const later = p.worker.posted.slice(crashAt + 1).map((e) => e.type);
    expect(later).toContain('status');
    expect(p.state().status).toBe('failed');
    expect(p.state().statusMessage).toBe('The training worker crashed: simulated crash mid-training');
    expect(p.steps()).toBe(stepsAtCrash);
  });

  it('shows the crash in place of the message of an earlier failure', async () => {
    const p = page(async () => {
      throw new Error('data.csv: row 3 has 2 cells');
    });
    await expect(p.client.request({ type: 'configure', config, dataUrl: 'memory' })).rejects.toThrow(/row 3/);
    expect(p.state().statusMessage).toBe('data.csv: row 3 has 2 cells');
    p.worker.fireError('Uncaught Error: boom');
    expect(p.state().statusMessage).toBe('The training worker crashed: Uncaught Error: boom');
  });

  it('refuses the requests waiting on a crashed worker, and any later one, with the crash’s cause', async () => {
    const p = page();
    await p.client.request({ type: 'configure', config, dataUrl: 'memory' });
    const waiting = p.client.request({ type: 'checkpoint' });
    p.worker.fireError('Uncaught RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded');
    await expect(waiting).rejects.toThrow(/^The training worker crashed: it ran out of memory/);
    await expect(p.client.request({ type: 'start' })).rejects.toThrow(p.client.crash);
  });

  it('passes a failure the worker survived on without stopping it', async () => {
    const p = page();
    await expect(p.client.request({ type: 'start' })).rejects.toThrow(/not configured/);
    await p.client.request({ type: 'configure', config, dataUrl: 'memory' });
    expect(p.client.crash).toBeUndefined();
    expect(p.worker.terminated).toBe(0);
  });
});

describe('restart offer after a crash', () => {
  const saved = { ...initialPersistence, lastSave: { id: '17', step: 1200, savedAt: 0 } };

  it('offers the last autosave, at its step, once the worker has crashed', async () => {
    const p = page();
    expect(restartOffer(p.state(), saved)).toBeUndefined();
    p.worker.fireError('Uncaught Error: boom');
    expect(restartOffer(p.state(), saved)).toEqual({ id: '17', step: 1200 });
  });

  it('offers nothing to restart from when nothing was autosaved', () => {
    const p = page();
    p.worker.fireError('Uncaught Error: boom');
    expect(restartOffer(p.state(), initialPersistence)).toBeUndefined();
  });
});
