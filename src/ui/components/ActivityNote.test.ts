import { describe, expect, it } from 'vitest';
import { activityText } from './ActivityNote';

const started = 1_000_000;

describe('the activity line before the first point', () => {
  it('says shaders compile, for how many runs, the time so far and the estimate', () => {
    const activity = { kind: 'firstStep', compilesShaders: true, runs: 3, startedAt: started } as const;
    expect(activityText(activity, started + 4_200, 13_000)).toBe(
      'compiling shaders and taking the first step of 3 runs: 4 s so far (about 13 s in all)',
    );
  });

  it("prefers the worker's measured tick over the remembered first step, and leaves out what it cannot know", () => {
    const activity = { kind: 'firstStep', compilesShaders: false, runs: 1, startedAt: started } as const;
    expect(activityText({ ...activity, estimateMs: 2_600 }, started + 900, 13_000)).toBe(
      'first step: 1 s so far (about 3 s in all)',
    );
    expect(activityText(activity, started, undefined)).toBe('first step: 0 s so far');
  });
});
