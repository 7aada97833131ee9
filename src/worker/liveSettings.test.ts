import { describe, expect, it } from 'vitest';
import { DEFAULT_PROBE_CONFIG } from '../config/probes';
import { DEFAULT_ROBUST } from '../config/robust';
import { config, harness } from '../testing/controllerHarness';
import { yieldToEvents } from './trainLoop';

const small = { ...DEFAULT_PROBE_CONFIG, kinds: [], size: 32, iterations: 2, traceSamples: 2 };

describe('probe and robust settings changed while the runs train', () => {
  it('a probe schedule set mid-training fires on its steps, without a new session', async () => {
    const h = harness();
    await h.request({
      type: 'configure',
      config: { ...config, probes: small, steps: 400 },
      dataUrl: 'memory',
    });
    await h.request({ type: 'start' });
    while (h.stepsOf('a').length < 3) await yieldToEvents();
    await h.request({ type: 'setProbes', probes: { ...small, every: 4, kinds: ['hessian'] } });
    const records = () =>
      h.events.flatMap((e) =>
        e.type === 'probe' && e.message.kind === 'finished' ? [e.message.record] : [],
      );
    while (records().length < 2) await yieldToEvents();
    await h.request({ type: 'pause' });
    expect(records().map((r) => [r.kind, r.runId, r.step % 4])).toEqual([
      ['hessian', 'a', 0],
      ['hessian', 'b', 0],
    ]);
    expect(h.events.filter((e) => e.type === 'ready')).toHaveLength(1);
  });

  it('the next robust evaluation attacks at the ε list set meanwhile', async () => {
    const h = harness();
    const robust = { ...DEFAULT_ROBUST, attacks: ['fgsm' as const], eps: [8], examples: 16 };
    await h.request({ type: 'configure', config: { ...config, robust }, dataUrl: 'memory' });
    await h.request({ type: 'stepOnce' });
    await h.waitFor('paused');
    await h.request({ type: 'setRobust', robust: { ...robust, eps: [2, 4] } });
    await h.request({ type: 'evaluateNow' });
    const robustRecords = h.events.flatMap((e) =>
      e.type === 'metrics'
        ? e.events.flatMap((event) => (event.kind === 'robust' ? [event.record] : []))
        : [],
    );
    expect(robustRecords.at(-1)?.eps).toEqual([2, 4]);
  });

  it('refuses settings out of range, naming the field, and keeps the old ones', async () => {
    const h = harness();
    await h.request({ type: 'configure', config: { ...config, probes: small }, dataUrl: 'memory' });
    await expect(h.request({ type: 'setProbes', probes: { ...small, rho: -1 } })).rejects.toThrow(
      /^probes\.rho: /,
    );
    await expect(h.request({ type: 'setRobust', robust: { ...DEFAULT_ROBUST, eps: [300] } })).rejects.toThrow(
      /^robust\.eps\.0: /,
    );
  });
});
