import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './defaults';
import { DEFAULT_ROBUST, type RobustConfig } from './robust';
import { decodeConfig, encodeConfig } from './url';

const decode = (search: string) => decodeConfig(search, DEFAULT_CONFIG);

describe('robust evaluation in the URL', () => {
  it('round-trips a robust setup and writes nothing when it is off', () => {
    const robust: RobustConfig = {
      attacks: ['pgd', 'noise'],
      eps: [0.5, 8],
      pgdSteps: 20,
      examples: 300,
      sigmas: [0.1],
    };
    const search = encodeConfig({ ...DEFAULT_CONFIG, robust });
    expect(search).toContain('robust=pgd,noise&eps=0.5,8&pgdSteps=20&robustExamples=300&sigmas=0.1');
    expect(decode(`?${search}`)).toMatchObject({ config: { robust }, problems: [] });
    expect(encodeConfig(DEFAULT_CONFIG)).not.toContain('robust');
  });

  it('turns it on with the defaults from robust= alone', () => {
    expect(decode('?v=2&robust=fgsm').config.robust).toEqual({ ...DEFAULT_ROBUST, attacks: ['fgsm'] });
  });

  it('names the field of a bad value and keeps the rest', () => {
    const { config, problems } = decode('?v=2&robust=fgsm,cw&eps=1,2&pgdSteps=0');
    expect(config.robust).toBeUndefined();
    expect(problems).toEqual([
      'robust: unknown attack "cw" (one of fgsm, pgd, noise); the robust evaluation stays off',
      'eps="1,2" needs robust=… (the attacks) to mean anything; ignored',
      'pgdSteps="0" needs robust=… (the attacks) to mean anything; ignored',
    ]);
    const tuned = decode('?v=2&robust=pgd&eps=1,x&pgdSteps=0&sigmas=2');
    expect(tuned.config.robust).toEqual({ ...DEFAULT_ROBUST, attacks: ['pgd'] });
    expect(tuned.problems).toEqual([
      'eps="1,x": "x" is not a number; using 1,2,4,8',
      expect.stringMatching(/^pgdSteps="0": .*; using 10$/),
      expect.stringMatching(/^sigmas="2": .*; using 0.05,0.1,0.2$/),
    ]);
  });
});
