/**
 * A run's hyperparameters: only those its method reads, each with its one-line explanation and valid
 * range. Every knob is live: while the run trains a change goes to the worker and applies at the next step.
 */
import {
  HYPERPARAM_KNOBS,
  type HyperparamKey,
  type Hyperparams,
  type Schedule,
} from '../../config/optimizers';
import type { HyperparamPatch } from '../../config/stream';
import { docOf, NumberKnobField, SweptKnobField } from './fields/KnobFields';
import { NumberField } from './fields/NumberField';
import { SelectField } from './fields/SelectField';

export interface HyperparamFieldsProps {
  readonly runName: string;
  readonly keys: readonly HyperparamKey[];
  readonly hparams: Hyperparams;
  /** Resolves to the problem to show next to the field (the page's check or the worker's answer). */
  readonly onChange: (patch: HyperparamPatch) => Promise<string | undefined>;
}

export function HyperparamField({
  runName,
  knobKey,
  hparams,
  onChange,
  note,
  swept,
}: Omit<HyperparamFieldsProps, 'keys'> & {
  knobKey: HyperparamKey;
  /** Said first in the hint, such as when the knob serves only an optional probe of this method. */
  note?: string;
  /** The values a sweep gives this knob: shown, not edited here (each value trains as a run of its own). */
  swept?: readonly number[];
}) {
  const knob = HYPERPARAM_KNOBS[knobKey];
  if (swept)
    return <SweptKnobField knob={knob} value={swept} {...(note ? { note } : {})} testId={`hp-${knobKey}`} />;
  if (knob.kind === 'boolean')
    return (
      <div className="field field-check">
        <label>
          <input
            type="checkbox"
            checked={hparams[knobKey] as boolean}
            onChange={(e) => void onChange({ [knobKey]: e.target.checked })}
          />
          {knob.label}
        </label>
        <small className="hint">{docOf(knob, note)}</small>
      </div>
    );
  return (
    <NumberKnobField
      knob={knob}
      value={hparams[knobKey] as number}
      {...(note ? { note } : {})}
      onCommit={(value) => onChange({ [knobKey]: value })}
      testId={`hp-${knobKey}`}
      key={`${runName}-${knobKey}`}
    />
  );
}

const SCHEDULE_KINDS: Record<Schedule['kind'], string> = {
  constant: 'Constant',
  cosine: 'Cosine decay',
  step: 'Step decay',
};

/** The learning-rate schedule of one run (or of every run, from the experiment panel). */
export function ScheduleFields({
  schedule,
  onChange,
  disabled,
}: {
  schedule: Schedule;
  onChange: (patch: Partial<Schedule>) => unknown;
  disabled?: boolean;
}) {
  const positive = (name: string) => (value: number) => (value > 0 ? undefined : `${name} must be > 0`);
  const whole = (name: string, min: number) => (value: number) =>
    Number.isInteger(value) && value >= min ? undefined : `${name} must be a whole number ≥ ${min}`;
  return (
    <div className="schedule">
      <SelectField
        label="Schedule"
        value={schedule.kind}
        options={Object.entries(SCHEDULE_KINDS) as [Schedule['kind'], string][]}
        onChange={(kind) => void onChange({ kind })}
        disabled={disabled}
        hint="How the learning rate changes over the run."
      />
      <NumberField
        label="Warm-up steps"
        value={schedule.warmupSteps}
        hint="Linear warm-up from 0 over this many steps."
        validate={whole('Warm-up steps', 0)}
        onCommit={(warmupSteps) => onChange({ warmupSteps })}
        disabled={disabled}
      />
      {schedule.kind === 'cosine' && (
        <NumberField
          label="Final fraction"
          value={schedule.floor}
          hint="Cosine decay ends at this fraction of η (0 to 1)."
          validate={(v) => (v >= 0 && v <= 1 ? undefined : 'Final fraction must be from 0 to 1')}
          onCommit={(floor) => onChange({ floor })}
          disabled={disabled}
        />
      )}
      {schedule.kind === 'step' && (
        <>
          <NumberField
            label="Decay every"
            value={schedule.every}
            hint="Multiply η by the factor every this many steps."
            validate={whole('Decay every', 1)}
            onCommit={(every) => onChange({ every })}
            disabled={disabled}
          />
          <NumberField
            label="Decay factor"
            value={schedule.factor}
            hint="Above 0, at most 1."
            validate={(v) => positive('Decay factor')(v) ?? (v <= 1 ? undefined : 'Decay factor must be ≤ 1')}
            onCommit={(factor) => onChange({ factor })}
            disabled={disabled}
          />
        </>
      )}
    </div>
  );
}
