import { describe, expect, it } from 'vitest';
import { parseFlags } from '../common/flags';
import { parseRobustFlags, ROBUST_FLAGS } from './robustFlags';

/** The flags as train reads them, through the tools' one flag parser. */
function parse(flags: Record<string, string>) {
  const errors: string[] = [];
  const argv = Object.entries(flags).flat();
  const config = parseRobustFlags(parseFlags(argv, ROBUST_FLAGS).values, errors);
  return { config, errors };
}

describe('robust flags', () => {
  it('are off without --robust', () => {
    expect(parse({})).toEqual({ config: undefined, errors: [] });
  });

  it('read the attacks and lists, with the app defaults for the rest', () => {
    const { config, errors } = parse({ '--robust': 'fgsm,pgd', '--eps': '1,2,4,8', '--pgd-steps': '10' });
    expect(errors).toEqual([]);
    expect(config).toEqual({
      attacks: ['fgsm', 'pgd'],
      eps: [1, 2, 4, 8],
      pgdSteps: 10,
      examples: 500,
      sigmas: [0.05, 0.1, 0.2],
    });
  });

  it('name the flag of each bad value', () => {
    expect(parse({ '--robust': 'fgsm,cw' }).errors).toEqual([
      '--robust: unknown attack "cw" (one of fgsm, pgd, noise)',
    ]);
    expect(parse({ '--robust': 'pgd', '--eps': '1,x' }).errors).toEqual(['--eps: "x" is not a number']);
    expect(parse({ '--robust': 'pgd', '--pgd-steps': '0' }).errors[0]).toMatch(/^--pgd-steps: .*got "0"/);
    expect(parse({ '--robust': 'noise', '--sigmas': '2' }).errors[0]).toMatch(/^--sigmas: /);
  });

  it('refuse tuning flags without --robust rather than ignore them', () => {
    expect(parse({ '--eps': '8' }).errors).toEqual([
      '--eps: needs --robust LIST to turn the robust evaluation on',
    ]);
  });
});
