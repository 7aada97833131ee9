/**
 * Human wording of a knob's valid range and of a value checked against it, shared by the URL codec
 * (problems in a shared link) and the forms (the message next to a field), so both say the same.
 */

import type { ListKnob, NumberKnob } from '../methods/common/knobs';
import { HYPERPARAM_KNOBS, type HyperparamKey } from './optimizers';
import { quote } from './quote';

/** What the range texts need of a number knob or of a list knob's values. */
type Range = Pick<NumberKnob, 'label' | 'min' | 'max' | 'minExclusive' | 'maxExclusive' | 'integer'>;

/** "> 0 and ≤ 10", "0 to 1 (1 excluded)" style text for a numeric knob. */
export function rangeText(knob: Range): string {
  const low = `${knob.minExclusive ? '>' : '≥'} ${knob.min}`;
  const high = `${knob.maxExclusive ? '<' : '≤'} ${knob.max}`;
  return `${knob.integer ? 'a whole number ' : ''}${low} and ${high}`;
}

const inRange = (knob: Range, value: number) =>
  Number.isFinite(value) &&
  (knob.minExclusive ? value > knob.min : value >= knob.min) &&
  (knob.maxExclusive ? value < knob.max : value <= knob.max) &&
  (!knob.integer || Number.isInteger(value));

/** Why `value` is not valid for the number knob, naming it, or undefined when it is. */
export function numberProblem(knob: Range, value: number): string | undefined {
  if (Number.isNaN(value)) return `${knob.label} is not a number`;
  return inRange(knob, value) ? undefined : `${knob.label} must be ${rangeText(knob)}`;
}

/** Why `value` is not valid for `key`, or undefined when it is. */
export function knobProblem(key: HyperparamKey, value: number): string | undefined {
  const knob = HYPERPARAM_KNOBS[key];
  return knob.kind === 'number' ? numberProblem(knob, value) : undefined;
}

/** Comma-separated numbers ("1,2,4,8"); a problem naming `field` when one is not a number. */
export function parseNumberList(text: string, field: string): number[] | string {
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => (part === '' ? Number.NaN : Number(part)));
  const bad = parts.find((_, i) => !Number.isFinite(numbers[i]));
  return bad === undefined ? numbers : `${field}: ${quote(bad)} is not a number`;
}

/** The list knob's values as text: "1, 2, 4, 8". */
export const listText = (values: readonly number[]): string => values.join(', ');

/** A list typed as "1, 2, 4, 8": its numbers, or why not, naming the knob. */
export function parseKnobList(text: string, knob: ListKnob): number[] | string {
  if (text.trim() === '') return `${knob.label} needs at least one value`;
  const values = parseNumberList(text, knob.label);
  if (typeof values === 'string') return values;
  if (values.length > knob.maxItems) return `${knob.label} takes at most ${knob.maxItems} values`;
  const outside = values.find((value) => !inRange(knob, value));
  if (outside !== undefined) return `${knob.label}: each value must be ${rangeText(knob)}, not ${outside}`;
  const twice = values.find((value, i) => values.indexOf(value) !== i);
  if (twice !== undefined) return `${knob.label} lists ${twice} twice`;
  return values;
}

/** Parses what a person typed into a number field; undefined for text that is not a number. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
