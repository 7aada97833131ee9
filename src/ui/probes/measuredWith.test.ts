import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../config/probes';
import { measuredWith } from './measuredWith';

const spend = { gradientEvaluations: 2, forwardEvaluations: 0, ms: 1 };
const hessian = (step: number, settings?: ProbeRecord['settings']): ProbeRecord => ({
  kind: 'hessian',
  runId: 'sgd',
  step,
  spend,
  result: { lambdaMax: 1, perIteration: [1] },
  ...(settings ? { settings } : {}),
});

describe('the settings under a probe chart', () => {
  it('name the one set of settings every record of the chart was measured with', () => {
    const records = [hessian(20, { size: 64, iterations: 4 }), hessian(40, { size: 64, iterations: 4 })];
    expect(measuredWith(records, 'hessian')).toBe('Measured with P = 64, k = 4.');
    expect(measuredWith(records, 'trace')).toBeUndefined();
  });

  it('tell the records before and after a change of P apart, with the steps each covers', () => {
    const records = [
      hessian(60, { size: 32, iterations: 4 }),
      hessian(20, { size: 64, iterations: 4 }),
      hessian(40, { size: 64, iterations: 4 }),
      hessian(0),
    ];
    expect(measuredWith(records, 'hessian')).toBe(
      'Settings changed: settings not recorded at step 0; P = 64, k = 4 at steps 20–40; P = 32, k = 4 at step 60.',
    );
  });
});
