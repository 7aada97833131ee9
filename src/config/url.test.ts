import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults';
import { decodeConfig, encodeConfig } from './url';

describe('URL codec', () => {
  it('round-trips the fields it knows', () => {
    const config = { ...DEFAULT_CONFIG, backend: 'webgl' as const, batchSize: 32, steps: 50, seed: 9 };
    const decoded = decodeConfig(encodeConfig(config, DEFAULT_CONFIG), DEFAULT_CONFIG);
    expect(decoded).toEqual({ config, problems: [] });
  });

  it('keeps the default for a bad value and says why', () => {
    const decoded = decodeConfig('?backend=quantum&batch=64', DEFAULT_CONFIG);
    expect(decoded.config.backend).toBe('auto');
    expect(decoded.problems).toEqual([
      'backend must be one of auto, webgpu, webgl, wasm, cpu, got "quantum"',
    ]);
  });

  it('refuses out-of-range numbers and non-numbers', () => {
    const decoded = decodeConfig('?batch=0&lr=NaN&steps=1.5', DEFAULT_CONFIG);
    expect(decoded.config).toEqual(DEFAULT_CONFIG);
    expect(decoded.problems).toHaveLength(3);
    expect(decoded.problems[0]).toMatch(/^batch="0" is out of range/);
  });

  it('reports unknown parameters', () => {
    expect(decodeConfig('?colour=red', DEFAULT_CONFIG).problems).toEqual([
      'unknown URL parameter "colour" was ignored',
    ]);
  });
});
