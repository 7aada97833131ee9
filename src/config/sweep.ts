/**
 * Sweeps: one or two hyperparameters of a run varied over lists of values, written
 * `sam.rho:0.01,0.02,0.05` (axes joined by `;`, e.g. `sam.rho:0.02,0.05;sam.lr:0.02,0.05` for a 2-D
 * grid). The URL (`sweep=`), the CLI (`--sweep`) and bundles share this grammar. Parsing never throws:
 * a bad axis is dropped and said why.
 */

import { OPTIMIZER_INFO, type OptimizerName } from '../methods/metas';
import { currentKnobName } from './formerNames';
import { knobProblem } from './knobText';
import { HYPERPARAM_KNOBS, type HyperparamKey } from './optimizers';
import { quote } from './quote';

/** A run varies at most this many hyperparameters at once (a grid of two is still one chart). */
export const MAX_SWEEP_AXES_PER_RUN = 2;

export interface SweepAxis {
  readonly runId: string;
  /** A numeric knob the run's method reads. */
  readonly key: HyperparamKey;
  readonly values: number[];
}

/** What the parser needs to know of a run: its id and method. */
export interface SweptRunRef {
  readonly id: string;
  readonly optimizer: OptimizerName;
}

const KNOB_KEYS = Object.keys(HYPERPARAM_KNOBS) as HyperparamKey[];

export function encodeSweep(axes: readonly SweepAxis[]): string {
  return axes.map((axis) => `${axis.runId}.${axis.key}:${axis.values.join(',')}`).join(';');
}

/** Why `axis` cannot sweep one of `runs`, or undefined when it can (also used for bundles). */
export function sweepAxisProblem(
  axis: { runId: string; key: string; values: readonly number[] },
  runs: readonly SweptRunRef[],
): string | undefined {
  const run = runs.find((r) => r.id === axis.runId);
  if (!run) return `no run with id ${quote(axis.runId)} (runs: ${runs.map((r) => r.id).join(', ')})`;
  if (!(KNOB_KEYS as string[]).includes(axis.key)) return `${quote(axis.key)} is not a hyperparameter`;
  const key = axis.key as HyperparamKey;
  if (HYPERPARAM_KNOBS[key].kind !== 'number') return `${key} is on/off, only numbers can be swept`;
  if (!(OPTIMIZER_INFO[run.optimizer].hyperparams as readonly string[]).includes(key))
    return `${OPTIMIZER_INFO[run.optimizer].label} does not read ${key}`;
  if (axis.values.length === 0) return 'needs at least one value';
  if (new Set(axis.values).size !== axis.values.length) return 'lists a value twice';
  for (const value of axis.values) {
    const problem = knobProblem(key, value);
    if (problem) return `${value}: ${problem}`;
  }
  return undefined;
}

function parseAxis(text: string, runs: readonly SweptRunRef[]): SweepAxis | string {
  // The run id may hold dots or colons (the CLI's `sam:adaptive`); the knob and the values hold no colon.
  const match = /^(.+)\.([A-Za-z]+):([^:]*)$/.exec(text.trim());
  if (!match) return 'expected run.knob:value,value,… (e.g. sam.rho:0.01,0.05)';
  const [, runId = '', written = '', list = ''] = match;
  const key = currentKnobName(written);
  const values = list.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  const bad = list.split(',').find((_, i) => Number.isNaN(values[i]));
  if (bad !== undefined) return `${quote(bad)} is not a number`;
  const axis = { runId, key, values };
  const problem = sweepAxisProblem(axis, runs);
  return problem ?? { runId, key: key as HyperparamKey, values };
}

/** The usable axes of `text`, and one sentence per axis that is not. */
export function parseSweep(
  text: string,
  runs: readonly SweptRunRef[],
): { axes: SweepAxis[]; problems: string[] } {
  const axes: SweepAxis[] = [];
  const problems: string[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const parsed = parseAxis(part, runs);
    if (typeof parsed === 'string') {
      problems.push(`sweep ${quote(part)} was dropped: ${parsed}`);
      continue;
    }
    const sameRun = axes.filter((a) => a.runId === parsed.runId);
    if (sameRun.some((a) => a.key === parsed.key))
      problems.push(
        `sweep ${quote(part)} was dropped: ${quote(`${parsed.runId}.${parsed.key}`)} is swept already`,
      );
    else if (sameRun.length >= MAX_SWEEP_AXES_PER_RUN)
      problems.push(
        `sweep ${quote(part)} was dropped: a run sweeps at most ${MAX_SWEEP_AXES_PER_RUN} hyperparameters`,
      );
    else axes.push(parsed);
  }
  return { axes, problems };
}
