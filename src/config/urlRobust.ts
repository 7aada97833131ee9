/**
 * The robust evaluation in a link: `robust=fgsm,pgd,noise&eps=1,2,4,8&pgdSteps=10&robustExamples=500
 * &sigmas=0.05,0.1,0.2`. Written only when it is on; `robust` turns it on (with the defaults for the
 * rest), the others tune it and are refused, with a problem, without it.
 */

import type { ListKnob, NumberKnob } from '../methods/common/knobs';
import { numberProblem, parseKnobList } from './knobText';
import { quote } from './quote';
import {
  DEFAULT_ROBUST,
  parseAttackList,
  ROBUST_KNOBS,
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

type Tunable = keyof typeof ROBUST_KNOBS;

/** A robust setting with its knob's range; a bad value is named by the knob's label and not used. */
function tuningField(key: string, prop: Tunable): UrlField {
  const knob: ListKnob | NumberKnob = ROBUST_KNOBS[prop];
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
      const value =
        knob.kind === 'list' ? parseKnobList(raw, knob) : raw.trim() === '' ? Number.NaN : Number(raw);
      const problem =
        typeof value === 'string'
          ? value
          : typeof value === 'number' && knob.kind === 'number'
            ? numberProblem(knob, value)
            : undefined;
      if (problem) {
        problems.push(`${key}=${quote(raw)}: ${problem}; using ${String(config.robust[prop])}`);
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
  tuningField('eps', 'eps'),
  tuningField('pgdSteps', 'pgdSteps'),
  tuningField('robustExamples', 'examples'),
  tuningField('sigmas', 'sigmas'),
];
