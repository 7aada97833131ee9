/**
 * The probe flags of `npm run train`: --probes lists the probes, one flag per probe setting tunes them
 * (named and ranged by src/config/probeKnobs.ts, as the page and share links are). Problems name the
 * flag, in the words the page uses; nothing throws.
 */
import { numberProblem } from '../../src/config/knobText';
import {
  PROBE_KNOB_PARAMS,
  PROBE_KNOBS,
  type ProbeKnobKey,
  type ProbeKnobParam,
} from '../../src/config/probeKnobs';
import { DEFAULT_PROBE_CONFIG, PROBE_KINDS, type ProbeConfig } from '../../src/config/probes';
import { type FlagValues, flagName, type TextFlag, text } from '../common/flags';

const KEYS = Object.keys(PROBE_KNOBS) as ProbeKnobKey[];

/** The flags, as given (each setting checked against its knob below). */
export const PROBE_FLAGS = {
  probes: text(),
  ...(Object.fromEntries(KEYS.map((key) => [PROBE_KNOB_PARAMS[key], text()])) as Record<
    ProbeKnobParam,
    TextFlag<string | undefined>
  >),
};

function usageLine(key: Exclude<ProbeKnobKey, 'every'>): string {
  const knob = PROBE_KNOBS[key];
  const flag = `${flagName(PROBE_KNOB_PARAMS[key])} ${knob.integer ? 'N' : 'X'}`;
  return `  ${flag.padEnd(19)} ${knob.label}: ${knob.doc} (default ${knob.default})`;
}

export const PROBE_USAGE = [
  `  --probes LIST       probes for every run and seed: ${PROBE_KINDS.join(',')} (default none)`,
  '  --probe-every N     run them every N steps (default 0: once, after training)',
  ...KEYS.flatMap((key) => (key === 'every' ? [] : [usageLine(key)])),
].join('\n');

/** The probe config the flags ask for, over the defaults; undefined (with `errors`) when one is bad. */
export function parseProbeFlags(
  values: FlagValues<typeof PROBE_FLAGS>,
  errors: string[],
): ProbeConfig | undefined {
  const before = errors.length;
  const list = values.probes;
  const kinds = list === undefined || list === '' ? [] : list.split(',').map((k) => k.trim());
  if (kinds.some((kind) => !(PROBE_KINDS as readonly string[]).includes(kind)))
    errors.push(`--probes: each must be one of ${PROBE_KINDS.join(', ')}, got "${list}"`);
  else if (new Set(kinds).size !== kinds.length) errors.push(`--probes: lists a probe twice, got "${list}"`);
  const config: ProbeConfig = { ...DEFAULT_PROBE_CONFIG, kinds: kinds as ProbeConfig['kinds'] };
  for (const key of KEYS) {
    const given = values[PROBE_KNOB_PARAMS[key]];
    if (given === undefined) continue;
    const value = given.trim() === '' ? Number.NaN : Number(given);
    const problem = numberProblem(PROBE_KNOBS[key], value);
    if (problem) errors.push(`${flagName(PROBE_KNOB_PARAMS[key])}: ${problem}, got "${given}"`);
    else config[key] = value;
  }
  return errors.length > before ? undefined : config;
}
