/**
 * Fields for knobs (label, doc, range in one table entry): the hint says what the knob does and its
 * range, and a value outside it is refused with the knob's name, in the same words a link's problem uses.
 */
import { listText, numberProblem, parseKnobList, rangeText } from '../../../config/knobText';
import type { ListKnob, NumberKnob } from '../../../methods/common/knobs';
import { NumberField } from './NumberField';
import { ParsedField } from './ParsedField';

interface KnobFieldProps<K, T> {
  readonly knob: K;
  readonly value: T;
  /** May return (or resolve to) a problem to show, e.g. the worker's refusal. */
  readonly onCommit: (value: T) => unknown;
  /** Said first in the hint. */
  readonly note?: string;
  readonly testId?: string;
}

export const docOf = (knob: { doc: string }, note?: string) => (note ? `${note} ${knob.doc}` : knob.doc);

/** A knob a sweep sets: its values shown, read-only (they are edited under Sweep, each trains as a run of its own). */
export function SweptKnobField({
  knob,
  value,
  note,
  testId,
}: Omit<KnobFieldProps<{ label: string; doc: string }, readonly number[]>, 'onCommit'>) {
  return (
    <ParsedField
      label={knob.label}
      value={value}
      format={listText}
      parse={() => ({ problem: 'a swept knob is set under Sweep' })}
      hint={docOf(knob, note)}
      onCommit={() => undefined}
      disabled
      disabledReason="Swept: its values are set under Sweep in the experiment panel"
      {...(testId ? { testId } : {})}
    />
  );
}

export function NumberKnobField({ knob, value, onCommit, note, testId }: KnobFieldProps<NumberKnob, number>) {
  return (
    <NumberField
      label={knob.label}
      value={value}
      hint={`${docOf(knob, note)} Range ${rangeText(knob)}.`}
      validate={(typed) => numberProblem(knob, typed)}
      onCommit={onCommit}
      {...(testId ? { testId } : {})}
    />
  );
}

export function ListKnobField({
  knob,
  value,
  onCommit,
  note,
  testId,
}: KnobFieldProps<ListKnob, readonly number[]>) {
  return (
    <ParsedField
      label={knob.label}
      value={value}
      format={listText}
      parse={(text) => {
        const parsed = parseKnobList(text, knob);
        return typeof parsed === 'string' ? { problem: parsed } : { value: parsed };
      }}
      hint={`${docOf(knob, note)} Up to ${knob.maxItems} values, comma-separated, each ${rangeText(knob)}.`}
      onCommit={onCommit}
      {...(testId ? { testId } : {})}
    />
  );
}
