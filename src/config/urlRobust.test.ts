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
      'eps="1,x": Radii ε (/255): "x" is not a number; using 1,2,4,8',
      'pgdSteps="0": PGD steps k must be a whole number ≥ 1 and ≤ 100; using 10',
      'sigmas="2": Noise σ: each value must be > 0 and ≤ 1, not 2; using 0.05,0.1,0.2',
    ]);
  });

  it('refuses an ε list with a repeated, a zero or a ninth value, naming the list', () => {
    const { config, problems } = decode('?v=2&robust=fgsm&eps=2,2&sigmas=0.1,0.1');
    expect(problems).toEqual([
      'eps="2,2": Radii ε (/255) lists 2 twice; using 1,2,4,8',
      'sigmas="0.1,0.1": Noise σ lists 0.1 twice; using 0.05,0.1,0.2',
    ]);
    expect(config.robust).toEqual({ ...DEFAULT_ROBUST, attacks: ['fgsm'] });
    expect(decode('?v=2&robust=fgsm&eps=0,1').problems).toEqual([
      'eps="0,1": Radii ε (/255): each value must be > 0 and ≤ 255, not 0; using 1,2,4,8',
    ]);
    expect(decode('?v=2&robust=fgsm&eps=1,2,3,4,5,6,7,8,9').problems).toEqual([
      'eps="1,2,3,4,5,6,7,8,9": Radii ε (/255) takes at most 8 values; using 1,2,4,8',
    ]);
  });
});
