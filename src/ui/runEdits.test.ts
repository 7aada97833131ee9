import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import { DEFAULT_PROBE_CONFIG } from '../config/probes';
import { withoutRun, withRuns } from './runEdits';

const [first, second] = DEFAULT_CONFIG.runs;
if (!first || !second) throw new Error('the default comparison has at least two runs');

const lineFrom = (id: string) => ({
  ...DEFAULT_CONFIG,
  probes: { ...DEFAULT_PROBE_CONFIG, kinds: ['line' as const], lineFrom: id },
  sweep: [{ runId: first.id, key: 'rho' as const, values: [0.01, 0.05] }],
});

describe('withRuns', () => {
  it('drops the probes line start and the sweep axes of a removed run', () => {
    const config = withRuns(lineFrom(first.id), withoutRun(DEFAULT_CONFIG.runs, first.id));
    expect(config.probes?.lineFrom).toBeUndefined();
    expect(config.probes?.kinds).toEqual(['line']);
    expect(config.sweep).toEqual([]);
  });

  it('keeps the line start and sweep axes of runs that remain', () => {
    const config = withRuns(lineFrom(first.id), withoutRun(DEFAULT_CONFIG.runs, second.id));
    expect(config.probes?.lineFrom).toBe(first.id);
    expect(config.sweep).toHaveLength(1);
  });
});
