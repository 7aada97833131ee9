/**
 * Runs in a URL: `runs=sgd,sam(rho=0.1),bisam-log(name=BiSAM%20wide,color=dc2626)`. A run lists only
 * what differs from its defaults: id and name (derived from the method and position), colour, and the
 * hyperparameters that differ from `URL_V2_HYPERPARAMS`. A bad entry drops just that value (or run)
 * and says so.
 */

import { OPTIMIZER_INFO, OPTIMIZER_NAMES, type OptimizerName } from '../methods/metas';
import { currentKnobName } from './formerNames';
import { knobProblem } from './knobText';
import { RUN_ID_MAX_LENGTH, RUN_NAME_MAX_LENGTH } from './limits';
import {
  DEFAULT_HYPERPARAMS,
  HYPERPARAM_KNOBS,
  type HyperparamKey,
  type Hyperparams,
  type Schedule,
  scheduleSchema,
} from './optimizers';
import { quote } from './quote';
import type { RunConfig } from './schema';
import { escapeText, splitTopLevel, tokenize, unescapeText } from './urlTokens';

/**
 * The hyperparameter defaults that version-2 links leave out, frozen here (not read from the live
 * defaults) so an old link keeps its meaning. A test fails when one of the app's defaults drifts from
 * these: then the URL version must go up. Knobs added later (new methods) take the app's defaults, as
 * no version-2 link made before them can mention them.
 */
const V2_FROZEN_DEFAULTS = {
  lr: 0.05,
  momentum: 0.9,
  weightDecay: 5e-4,
  nesterov: false,
  labelSmoothing: 0,
  rho: 0.05,
  adaptive: false,
  bisamMu: 1,
  bisamAlpha: 0.1,
  sgdProbeEvery: 0,
  schedule: { kind: 'constant', floor: 0, every: 1000, factor: 0.1, warmupSteps: 0 },
} as const satisfies Partial<Hyperparams>;

export const URL_V2_FROZEN_KEYS = Object.keys(V2_FROZEN_DEFAULTS) as (keyof typeof V2_FROZEN_DEFAULTS)[];

export const URL_V2_HYPERPARAMS: Hyperparams = { ...DEFAULT_HYPERPARAMS, ...V2_FROZEN_DEFAULTS };

const KNOB_KEYS = Object.keys(HYPERPARAM_KNOBS) as HyperparamKey[];
const SCHEDULE_KEYS = ['floor', 'every', 'factor', 'warmupSteps'] as const;

/** The id and name a run gets from its method when the link leaves them out: `sam`, then `sam-2`, `SAM 2`. */
export function defaultIdentity(optimizer: OptimizerName, takenIds: ReadonlySet<string>) {
  const label = OPTIMIZER_INFO[optimizer].label;
  if (!takenIds.has(optimizer)) return { id: optimizer, name: label };
  let n = 2;
  while (takenIds.has(`${optimizer}-${n}`)) n += 1;
  return { id: `${optimizer}-${n}`, name: `${label} ${n}` };
}

export function encodeRuns(runs: readonly RunConfig[]): string {
  const taken = new Set<string>();
  return runs
    .map((run) => {
      const identity = defaultIdentity(run.optimizer, taken);
      taken.add(run.id);
      const args: string[] = [];
      if (run.id !== identity.id) args.push(`id=${escapeText(run.id)}`);
      if (run.name !== identity.name) args.push(`name=${escapeText(run.name)}`);
      if (run.color) args.push(`color=${run.color.slice(1)}`);
      args.push(...hyperparamArgs(run.hparams));
      return args.length === 0 ? run.optimizer : `${run.optimizer}(${args.join(',')})`;
    })
    .join(',');
}

function hyperparamArgs(hparams: Hyperparams): string[] {
  const base = URL_V2_HYPERPARAMS;
  const args = KNOB_KEYS.filter((key) => hparams[key] !== base[key]).map((key) => `${key}=${hparams[key]}`);
  if (hparams.schedule.kind !== base.schedule.kind) args.push(`schedule=${hparams.schedule.kind}`);
  for (const key of SCHEDULE_KEYS)
    if (hparams.schedule[key] !== base.schedule[key]) args.push(`${key}=${hparams.schedule[key]}`);
  return args;
}

interface RunDraft {
  id?: string;
  name?: string;
  color?: string;
  hparams: Hyperparams;
  schedule: Schedule;
}

/** Applies one `key=value` of a run; returns a problem text for a bad one (the default stays). */
function applyArg(draft: RunDraft, key: string, raw: string): string | undefined {
  if (key === 'id') {
    const id = unescapeText(raw);
    if (id.length < 1 || id.length > RUN_ID_MAX_LENGTH)
      return `id must be 1 to ${RUN_ID_MAX_LENGTH} characters, got ${quote(id)}`;
    draft.id = id;
  } else if (key === 'name') {
    const name = unescapeText(raw);
    if (name.length < 1 || name.length > RUN_NAME_MAX_LENGTH)
      return `name must be 1 to ${RUN_NAME_MAX_LENGTH} characters, got ${quote(name)}`;
    draft.name = name;
  } else if (key === 'color') {
    const color = `#${raw.replace(/^#/, '')}`;
    if (!/^#[0-9a-fA-F]{6}$/.test(color))
      return `color must be six hex digits like dc2626, got ${quote(raw)}`;
    draft.color = color.toLowerCase();
  } else if (key === 'schedule' || (SCHEDULE_KEYS as readonly string[]).includes(key)) {
    const field = key === 'schedule' ? 'kind' : (key as (typeof SCHEDULE_KEYS)[number]);
    const value = key === 'schedule' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isNaN(value)) return `${key}=${quote(raw)} is not a number`;
    const checked = scheduleSchema.shape[field].safeParse(value);
    if (!checked.success)
      return `${key}=${quote(raw)} is invalid: ${checked.error.issues[0]?.message ?? 'invalid'}`;
    draft.schedule = { ...draft.schedule, [field]: checked.data };
  } else if ((KNOB_KEYS as string[]).includes(currentKnobName(key))) {
    // A link from before the naming rule says `mu=2`; it means `bisamMu=2`.
    return applyKnob(draft, currentKnobName(key) as HyperparamKey, raw);
  } else return `unknown setting ${quote(key)}`;
  return undefined;
}

function applyKnob(draft: RunDraft, key: HyperparamKey, raw: string): string | undefined {
  const knob = HYPERPARAM_KNOBS[key];
  if (knob.kind === 'boolean') {
    if (!['true', 'false', '1', '0'].includes(raw)) return `${key}=${quote(raw)} must be true or false`;
    draft.hparams = { ...draft.hparams, [key]: raw === 'true' || raw === '1' };
    return undefined;
  }
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (Number.isNaN(value)) return `${key}=${quote(raw)} is not a number`;
  const problem = knobProblem(key, value);
  if (problem) return `${key}=${quote(raw)} is invalid: ${problem}`;
  draft.hparams = { ...draft.hparams, [key]: value };
  return undefined;
}

/** The runs of a `runs=` value; bad values fall back to defaults and are listed in `problems`. */
export function decodeRuns(text: string): { runs: RunConfig[]; problems: string[] } {
  const runs: RunConfig[] = [];
  const problems: string[] = [];
  const taken = new Set<string>();
  for (const [index, part] of splitTopLevel(text, ',').entries()) {
    const where = `runs: run ${index + 1} ${quote(part)}`;
    const token = tokenize(part);
    if (typeof token === 'string') {
      problems.push(`${where} was dropped: ${token}`);
      continue;
    }
    if (!(OPTIMIZER_NAMES as readonly string[]).includes(token.name)) {
      problems.push(
        `${where} was dropped: unknown method ${quote(token.name)} (use ${OPTIMIZER_NAMES.join(', ')})`,
      );
      continue;
    }
    const optimizer = token.name as OptimizerName;
    const draft: RunDraft = { hparams: URL_V2_HYPERPARAMS, schedule: URL_V2_HYPERPARAMS.schedule };
    for (const arg of token.args) {
      const [key = '', ...rest] = arg.split('=');
      const problem =
        rest.length === 0 ? `${quote(arg)} is not key=value` : applyArg(draft, key.trim(), rest.join('='));
      if (problem) problems.push(`${where}: ${problem}; using the default`);
    }
    if (draft.id !== undefined && taken.has(draft.id)) {
      problems.push(`${where}: id ${quote(draft.id)} is already used; using a new one`);
      draft.id = undefined;
    }
    const identity = defaultIdentity(optimizer, taken);
    const id = draft.id ?? identity.id;
    taken.add(id);
    const hparams = { ...draft.hparams, schedule: draft.schedule };
    runs.push({
      id,
      name: draft.name ?? identity.name,
      optimizer,
      hparams,
      ...(draft.color ? { color: draft.color } : {}),
    });
  }
  return { runs, problems };
}
