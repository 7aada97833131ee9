/**
 * The robust evaluation in a link: `robust=fgsm,pgd,noise&eps=1,2,4,8&pgdSteps=10&robustExamples=500
 * &sigmas=0.05,0.1,0.2`. Written only when it is on; `robust` turns it on (with the defaults for the
 * rest), the others tune it and are refused, with a problem, without it.
 */

import { quote } from './quote';
import {
  DEFAULT_ROBUST,
  parseAttackList,
  parseNumberList,
  type RobustConfig,
  robustConfigSchema,
} from './robust';
import type { UrlField } from './url';

const attacksField: UrlField = {
  key: 'robust',
  versions: [1, 2],
  read: (config) => config.robust?.attacks.join(','),
  write: (config, raw, problems) => {
    const attacks = parseAttackList(raw, 'robust');
    const checked = typeof attacks === 'string' ? attacks : fieldProblem('attacks', attacks);
    if (checked) {
      problems.push(`${checked}; the robust evaluation stays ${config.robust ? 'as it was' : 'off'}`);
      return config;
    }
    return {
      ...config,
      robust: { ...(config.robust ?? DEFAULT_ROBUST), attacks: attacks as RobustConfig['attacks'] },
    };
  },
};

type Tunable = 'eps' | 'pgdSteps' | 'examples' | 'sigmas';

function tuningField(key: string, prop: Tunable, list: boolean): UrlField {
  return {
    key,
    versions: [1, 2],
    read: (config) => {
      const value = config.robust?.[prop];
      return value === undefined ? undefined : Array.isArray(value) ? value.join(',') : String(value);
    },
    write: (config, raw, problems) => {
      if (!config.robust) {
        problems.push(`${key}=${quote(raw)} needs robust=… (the attacks) to mean anything; ignored`);
        return config;
      }
      const value = list ? parseNumberList(raw, key) : raw.trim() === '' ? Number.NaN : Number(raw);
      const problem = typeof value === 'string' ? value : fieldProblem(prop, value);
      if (problem) {
        problems.push(
          `${problem.replace(/^[^:]*:/, `${key}=${quote(raw)}:`)}; using ${String(config.robust[prop])}`,
        );
        return config;
      }
      return { ...config, robust: { ...config.robust, [prop]: value } };
    },
  };
}

/** `prop: message` when the value does not fit the robust schema's field. */
function fieldProblem(prop: keyof RobustConfig, value: unknown): string | undefined {
  const parsed = robustConfigSchema.shape[prop].safeParse(value);
  return parsed.success ? undefined : `${prop}: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
}

export const ROBUST_URL_FIELDS: readonly UrlField[] = [
  attacksField,
  tuningField('eps', 'eps', true),
  tuningField('pgdSteps', 'pgdSteps', false),
  tuningField('robustExamples', 'examples', false),
  tuningField('sigmas', 'sigmas', true),
];
