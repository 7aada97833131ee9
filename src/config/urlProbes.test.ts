import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults';
import { DEFAULT_PROBE_CONFIG } from './probes';
import { decodeConfig, encodeConfig } from './url';

describe('probe settings in a link', () => {
  it('round-trip: the scheduled probes and their settings', () => {
    const config = {
      ...DEFAULT_CONFIG,
      probes: {
        ...DEFAULT_PROBE_CONFIG,
        every: 500,
        kinds: ['hessian' as const, 'common' as const],
        rho: 0.1,
        gridSize: 11,
      },
    };
    const decoded = decodeConfig(encodeConfig(config), DEFAULT_CONFIG);
    expect(decoded.problems).toEqual([]);
    expect(decoded.config.probes).toEqual(config.probes);
  });

  it('leave the probes out of a link that has none, and name a bad value', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).not.toContain('probe');
    const decoded = decodeConfig('?v=2&probes=hessian,curvature&probeRho=-1', DEFAULT_CONFIG);
    expect(decoded.problems).toEqual([
      'probes="hessian,curvature" has "curvature", not one of hessian, trace, common, line, surface; the probe settings stay the defaults',
      'probeRho="-1" needs probes=… to mean anything; ignored',
    ]);
    expect(decoded.config.probes).toBeUndefined();
  });
});
