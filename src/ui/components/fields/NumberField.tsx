/**
 * A labelled number input that validates as you type and commits on Enter or when it loses focus
 * (not per keystroke: a live knob must not send "0.", "0.0" and "0.05" to the worker). The problem,
 * from the page's check or from whoever `onCommit` asked, is shown under the field. Escape reverts.
 */
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { parseNumber } from '../../../config/knobText';

interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  /** One line under the field: what it does and its range. */
  readonly hint?: string;
  /** Why a value is not acceptable here, or undefined. */
  readonly validate?: (value: number) => string | undefined;
  /** May return (or resolve to) a problem text to show, e.g. the worker's refusal. */
  readonly onCommit: (value: number) => unknown;
  readonly disabled?: boolean;
  readonly disabledReason?: string;
  readonly testId?: string;
}

const show = (value: number) => (Number.isFinite(value) ? String(value) : '');

export function NumberField({
  label,
  value,
  hint,
  validate,
  onCommit,
  disabled,
  disabledReason,
  testId,
}: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(show(value));
  const [focused, setFocused] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  // Follow the value from outside (a live change applied, a new setup) unless the user is typing.
  useEffect(() => {
    if (!focused) setText(show(value));
  }, [value, focused]);

  const check = (typed: string) => {
    const parsed = parseNumber(typed);
    if (parsed === undefined) return { problem: `${label} must be a number` };
    return { parsed, problem: validate?.(parsed) };
  };
  const commit = async () => {
    const { parsed, problem: local } = check(text);
    setProblem(local);
    if (local || parsed === undefined || parsed === value) return;
    const answer = await onCommit(parsed);
    setProblem(typeof answer === 'string' ? answer : undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') void commit();
    if (event.key === 'Escape') {
      setText(show(value));
      setProblem(undefined);
    }
  };
  return (
    <div className={`field${problem ? ' field-invalid' : ''}`} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={text}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint ${id}-problem`}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(check(e.target.value).problem);
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          void commit();
        }}
        onKeyDown={onKeyDown}
      />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      <small id={`${id}-problem`} className="problem" role="status" aria-live="polite">
        {problem ?? ''}
      </small>
    </div>
  );
}
