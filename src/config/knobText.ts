/**
 * Human wording of a knob's valid range and of a value checked against it, shared by the URL codec
 * (problems in a shared link) and the forms (the message next to a field), so both say the same.
 */

import type { NumberKnob } from '../methods/common/knobs';
import { HYPERPARAM_KNOBS, type HyperparamKey } from './optimizers';

/** "> 0 and ≤ 10", "0 to 1 (1 excluded)" style text for a numeric knob. */
export function rangeText(knob: NumberKnob): string {
  const low = `${knob.minExclusive ? '>' : '≥'} ${knob.min}`;
  const high = `${knob.maxExclusive ? '<' : '≤'} ${knob.max}`;
  return `${knob.integer ? 'a whole number ' : ''}${low} and ${high}`;
}

/** Why `value` is not valid for `key`, or undefined when it is. */
export function knobProblem(key: HyperparamKey, value: number): string | undefined {
  const knob = HYPERPARAM_KNOBS[key];
  if (knob.kind !== 'number') return undefined;
  if (Number.isNaN(value)) return `${knob.label} is not a number`;
  const inRange =
    Number.isFinite(value) &&
    (knob.minExclusive ? value > knob.min : value >= knob.min) &&
    (knob.maxExclusive ? value < knob.max : value <= knob.max) &&
    (!knob.integer || Number.isInteger(value));
  return inRange ? undefined : `${knob.label} must be ${rangeText(knob)}`;
}

/** Parses what a person typed into a number field; undefined for text that is not a number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
