/**
 * The probe settings in a link: `probes=hessian,common&probeEvery=500&probeSize=512&probeIterations=20
 * &probeSamples=10&probeRho=0.05&probeMu=1&probeAlpha=0.1&probeLinePoints=41&probeGrid=21` (the names
 * of probeKnobs.ts), and `probeLineFrom=sam`: the run the scheduled 1-D lines start at. Written only when the config has probe settings;
 * `probes` (the scheduled kinds, possibly empty) sets them (with the defaults for the rest), the
 * others tune them and are refused, with a problem, without it.
 */
import { numberProblem } from './knobText';
import { PROBE_KNOB_PARAMS, PROBE_KNOBS, type ProbeKnobKey } from './probeKnobs';
import { DEFAULT_PROBE_CONFIG, PROBE_KINDS, type ProbeConfig } from './probes';
import { quote } from './quote';
import type { UrlField } from './url';

const kindsField: UrlField = {
  key: 'probes',
  versions: [1, 2],
  read: (config) => config.probes?.kinds.join(','),
  write: (config, raw, problems) => {
    const kinds = raw.trim() === '' ? [] : raw.split(',').map((k) => k.trim());
    const unknown = kinds.find((k) => !(PROBE_KINDS as readonly string[]).includes(k));
    if (unknown !== undefined || new Set(kinds).size !== kinds.length) {
      const why =
        unknown === undefined
          ? 'lists a probe twice'
          : `has ${quote(unknown)}, not one of ${PROBE_KINDS.join(', ')}`;
      problems.push(
        `probes=${quote(raw)} ${why}; the probe settings stay ${config.probes ? 'as they were' : 'the defaults'}`,
      );
      return config;
    }
    return {
      ...config,
      probes: { ...(config.probes ?? DEFAULT_PROBE_CONFIG), kinds: kinds as ProbeConfig['kinds'] },
    };
  },
};

/** A probe setting with its knob's range; a bad value is named by the knob's label and not used. */
function tuningField(key: string, prop: ProbeKnobKey): UrlField {
  return {
    key,
    versions: [1, 2],
    read: (config) => (config.probes ? String(config.probes[prop]) : undefined),
    write: (config, raw, problems) => {
      if (!config.probes) {
        problems.push(`${key}=${quote(raw)} needs probes=… to mean anything; ignored`);
        return config;
      }
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      const problem = numberProblem(PROBE_KNOBS[prop], value);
      if (problem) {
        problems.push(`${key}=${quote(raw)}: ${problem}; using ${config.probes[prop]}`);
        return config;
      }
      return { ...config, probes: { ...config.probes, [prop]: value } };
    },
  };
}

export const PROBE_URL_FIELDS: readonly UrlField[] = [
  kindsField,
  ...(Object.keys(PROBE_KNOBS) as ProbeKnobKey[]).map((prop) => tuningField(PROBE_KNOB_PARAMS[prop], prop)),
];

/** `probeLineFrom=RUN`: read after the runs (it must name one of them), so url.ts lists it last. */
export const PROBE_LINE_FROM_FIELD: UrlField = {
  key: 'probeLineFrom',
  versions: [2],
  read: (config) => config.probes?.lineFrom,
  write: (config, raw, problems) => {
    const ids = config.runs.map((run) => run.id);
    const problem = !config.probes
      ? 'needs probes=… to mean anything'
      : ids.includes(raw)
        ? undefined
        : `names no run of this link (${ids.join(', ')})`;
    if (problem) {
      problems.push(`probeLineFrom=${quote(raw)} ${problem}; the 1-D lines start at the initial weights`);
      return config;
    }
    return { ...config, probes: { ...(config.probes ?? DEFAULT_PROBE_CONFIG), lineFrom: raw } };
  },
};
