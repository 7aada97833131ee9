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
import { type FlagValues, text } from '../common/flags';

/** The flags, as given (validated together by the robust config's schema below). */
export const ROBUST_FLAGS = {
  robust: text(),
  eps: text(),
  pgdSteps: text(),
  robustExamples: text(),
  sigmas: text(),
};

export const ROBUST_USAGE = `  --robust LIST       robust accuracy at every evaluation: fgsm,pgd,noise (any of them; default off)
  --eps LIST          L∞ radii in grey levels, ε/255 on [0, 1] pixels (default ${DEFAULT_ROBUST.eps.join(',')})
  --pgd-steps N       k of PGD-k, step size 2.5ε/k (default ${DEFAULT_ROBUST.pgdSteps})
  --robust-examples N first N test examples attacked (default ${DEFAULT_ROBUST.examples})
  --sigmas LIST       Gaussian noise std on [0, 1] pixels (default ${DEFAULT_ROBUST.sigmas.join(',')})`;

const FLAG_OF: Record<keyof typeof ROBUST_FLAGS, string> = {
  robust: '--robust',
  eps: '--eps',
  pgdSteps: '--pgd-steps',
  robustExamples: '--robust-examples',
  sigmas: '--sigmas',
};

/** The robust config the flags ask for (undefined without --robust); problems go to `errors`. */
export function parseRobustFlags(
  values: FlagValues<typeof ROBUST_FLAGS>,
  errors: string[],
): RobustConfig | undefined {
  const attacksText = values.robust;
  if (attacksText === undefined) {
    const stray = Object.entries(FLAG_OF)
      .filter(([key]) => values[key as keyof typeof values] !== undefined)
      .map(([, flag]) => flag);
    if (stray.length > 0)
      errors.push(`${stray.join(', ')}: needs --robust LIST to turn the robust evaluation on`);
    return undefined;
  }
  const problems: string[] = [];
  const list = <T>(parsed: T | string): T | undefined => {
    if (typeof parsed === 'string') problems.push(parsed);
    return typeof parsed === 'string' ? undefined : parsed;
  };
  const number = (given: string | undefined, fallback: number) =>
    given === undefined ? fallback : Number(given);
  const { eps, sigmas } = values;
  const config = {
    attacks: list(parseAttackList(attacksText, '--robust')),
    eps: eps === undefined ? DEFAULT_ROBUST.eps : list(parseNumberList(eps, '--eps')),
    pgdSteps: number(values.pgdSteps, DEFAULT_ROBUST.pgdSteps),
    examples: number(values.robustExamples, DEFAULT_ROBUST.examples),
    sigmas: sigmas === undefined ? DEFAULT_ROBUST.sigmas : list(parseNumberList(sigmas, '--sigmas')),
  };
  if (problems.length > 0) {
    errors.push(...problems);
    return undefined;
  }
  const parsed = robustConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  // The config's fields by flag key: `attacks` is --robust, `examples` --robust-examples.
  const keyOf: Record<string, keyof typeof values> = { attacks: 'robust', examples: 'robustExamples' };
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    const key = keyOf[field] ?? (field as keyof typeof values);
    errors.push(`${FLAG_OF[key] ?? field}: ${issue.message}, got "${values[key] ?? ''}"`);
  }
  return undefined;
}
