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

  it('round-trip every setting the page edits: schedule, probes, P, k, n, ρ_probe, μ, α, line points and grid', () => {
    const probes = {
      ...DEFAULT_PROBE_CONFIG,
      every: 25,
      kinds: ['trace' as const, 'line' as const],
      size: 128,
      iterations: 7,
      traceSamples: 3,
      rho: 0.2,
      mu: 2.5,
      alpha: 0.4,
      linePoints: 11,
      gridSize: 9,
    };
    const search = encodeConfig({ ...DEFAULT_CONFIG, probes });
    expect(search).toContain(
      'probes=trace,line&probeEvery=25&probeSize=128&probeIterations=7&probeSamples=3&probeRho=0.2&probeMu=2.5&probeAlpha=0.4&probeLinePoints=11&probeGrid=9',
    );
    const decoded = decodeConfig(search, DEFAULT_CONFIG);
    expect(decoded.problems).toEqual([]);
    expect(decoded.config).toEqual({ ...DEFAULT_CONFIG, probes });
  });

  it('name the setting of a value out of its range, in the words the form uses, and keep the rest', () => {
    const decoded = decodeConfig(
      '?v=2&probes=hessian&probeEvery=2.5&probeSize=0&probeSamples=1&probeRho=0&probeIterations=4&probeMu=0&probeAlpha=x&probeLinePoints=2',
      DEFAULT_CONFIG,
    );
    expect(decoded.problems).toEqual([
      'probeEvery="2.5": Probe every (steps) must be a whole number ≥ 0 and ≤ 1000000; using 0',
      'probeSize="0": Probe batch P must be a whole number ≥ 1 and ≤ 4096; using 512',
      'probeSamples="1": Hutchinson samples n must be a whole number ≥ 2 and ≤ 200; using 10',
      'probeRho="0": ρ_probe must be > 0 and ≤ 10; using 0.05',
      'probeMu="0": Probe Q temperature μ must be > 0 and ≤ 100; using 1',
      'probeAlpha="x": Probe Q_tanh slope α is not a number; using 0.1',
      'probeLinePoints="2": Line points must be a whole number ≥ 3 and ≤ 201; using 41',
    ]);
    expect(decoded.config.probes).toEqual({ ...DEFAULT_PROBE_CONFIG, kinds: ['hessian'], iterations: 4 });
  });

  it('round-trip the run the scheduled lines start at, and name a start that is no run of the link', () => {
    const probes = { ...DEFAULT_PROBE_CONFIG, kinds: ['line' as const], lineFrom: 'sam' };
    const search = encodeConfig({ ...DEFAULT_CONFIG, probes });
    expect(search).toContain('probeLineFrom=sam');
    expect(decodeConfig(search, DEFAULT_CONFIG)).toMatchObject({ problems: [], config: { probes } });
    const unknown = decodeConfig('?v=2&probes=line&probeLineFrom=adam', DEFAULT_CONFIG);
    expect(unknown.problems).toEqual([
      'probeLineFrom="adam" names no run of this link (sgd, sam, bisam-log); the 1-D lines start at the initial weights',
    ]);
    expect(unknown.config.probes?.lineFrom).toBeUndefined();
  });
});
