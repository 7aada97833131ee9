import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/defaults';
import type { SessionEvent } from '../config/stream';
import { forkOrigins } from './runViews';
import { initialState } from './store';

describe('forkOrigins', () => {
  it('names the setup run a swept fork came from, once for all its values', () => {
    const runs = [
      ...DEFAULT_CONFIG.runs,
      {
        ...(DEFAULT_CONFIG.runs[1] as (typeof DEFAULT_CONFIG.runs)[0]),
        id: 'sam-fork',
        name: 'SAM (fork @5)',
      },
    ];
    const sweep = ['sam', 'sam-fork'].map((runId) => ({ runId, key: 'rho' as const, values: [0.02, 0.1] }));
    const events: SessionEvent[] = [0.02, 0.1].map((rho) => ({
      kind: 'runAdded',
      runId: `sam-fork@rho=${rho}`,
      parentId: `sam@rho=${rho}`,
      step: 5,
    }));
    const state = { ...initialState({ ...DEFAULT_CONFIG, runs, sweep }), events };
    expect([...forkOrigins(state)]).toEqual([['sam-fork', 'forked from SAM at step 5']]);
  });
});
