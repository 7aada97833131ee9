/**
 * The robust-evaluation flags of `npm run train`: --robust turns it on, the others tune it (their
 * defaults are the app's). Problems name the flag; nothing throws.
 */
import {
  DEFAULT_ROBUST,
  parseAttackList,
  parseNumberList,
  type RobustConfig,
  robustConfigSchema,
} from '../../src/config/robust';

export const ROBUST_FLAGS = ['--robust', '--eps', '--pgd-steps', '--robust-examples', '--sigmas'] as const;

export const ROBUST_USAGE = `  --robust LIST       robust accuracy at every evaluation: fgsm,pgd,noise (any of them; default off)
  --eps LIST          L∞ radii in grey levels, ε/255 on [0, 1] pixels (default ${DEFAULT_ROBUST.eps.join(',')})
  --pgd-steps N       k of PGD-k, step size 2.5ε/k (default ${DEFAULT_ROBUST.pgdSteps})
  --robust-examples N first N test examples attacked (default ${DEFAULT_ROBUST.examples})
  --sigmas LIST       Gaussian noise std on [0, 1] pixels (default ${DEFAULT_ROBUST.sigmas.join(',')})`;

/** The robust config the flags ask for (undefined without --robust); problems go to `errors`. */
export function parseRobustFlags(
  values: ReadonlyMap<string, string>,
  errors: string[],
): RobustConfig | undefined {
  const attacksText = values.get('--robust');
  if (attacksText === undefined) {
    const stray = ROBUST_FLAGS.filter((flag) => values.has(flag));
    if (stray.length > 0)
      errors.push(`${stray.join(', ')}: needs --robust LIST to turn the robust evaluation on`);
    return undefined;
  }
  const problems: string[] = [];
  const list = <T>(parsed: T | string): T | undefined => {
    if (typeof parsed === 'string') problems.push(parsed);
    return typeof parsed === 'string' ? undefined : parsed;
  };
  const number = (flag: string, fallback: number) => {
    const text = values.get(flag);
    return text === undefined ? fallback : Number(text);
  };
  const eps = values.get('--eps');
  const sigmas = values.get('--sigmas');
  const config = {
    attacks: list(parseAttackList(attacksText, '--robust')),
    eps: eps === undefined ? DEFAULT_ROBUST.eps : list(parseNumberList(eps, '--eps')),
    pgdSteps: number('--pgd-steps', DEFAULT_ROBUST.pgdSteps),
    examples: number('--robust-examples', DEFAULT_ROBUST.examples),
    sigmas: sigmas === undefined ? DEFAULT_ROBUST.sigmas : list(parseNumberList(sigmas, '--sigmas')),
  };
  if (problems.length > 0) {
    errors.push(...problems);
    return undefined;
  }
  const parsed = robustConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const flagOf: Record<string, string> = {
    attacks: '--robust',
    eps: '--eps',
    pgdSteps: '--pgd-steps',
    examples: '--robust-examples',
    sigmas: '--sigmas',
  };
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    errors.push(
      `${flagOf[field] ?? field}: ${issue.message}, got "${values.get(flagOf[field] ?? '') ?? ''}"`,
    );
  }
  return undefined;
}
