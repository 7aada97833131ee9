/**
 * A labelled text input for a value typed as text (a number, a list of numbers): it checks as you
 * type and commits on Enter or when it loses focus (not per keystroke: a live setting must not send
 * "0.", "0.0" and "0.05" to the worker). The problem, from the parse or from whoever `onCommit` asked,
 * is shown under the field. Escape reverts.
 */
import { type KeyboardEvent, useEffect, useId, useState } from 'react';

/** The value typed, or why the text is not one (a sentence naming the field). */
export type Parsed<T> = { readonly value: T } | { readonly problem: string };

export interface ParsedFieldProps<T> {
  readonly label: string;
  readonly value: T;
  readonly format: (value: T) => string;
  readonly parse: (text: string) => Parsed<T>;
  /** One line under the field: what it does and its range. */
  readonly hint?: string;
  /** May return (or resolve to) a problem text to show, e.g. the worker's refusal. */
  readonly onCommit: (value: T) => unknown;
  readonly inputMode?: 'decimal' | 'text';
  readonly disabled?: boolean;
  readonly disabledReason?: string;
  readonly testId?: string;
}

export function ParsedField<T>({
  label,
  value,
  format,
  parse,
  hint,
  onCommit,
  inputMode = 'text',
  disabled,
  disabledReason,
  testId,
}: ParsedFieldProps<T>) {
  const id = useId();
  const shown = format(value);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  // Follow the value from outside (a live change applied, a new setup) unless the user is typing.
  useEffect(() => {
    if (!focused) setText(shown);
  }, [shown, focused]);

  const problemOf = (parsed: Parsed<T>) => ('problem' in parsed ? parsed.problem : undefined);
  const commit = async () => {
    const parsed = parse(text);
    setProblem(problemOf(parsed));
    if ('problem' in parsed || format(parsed.value) === shown) return;
    const answer = await onCommit(parsed.value);
    setProblem(typeof answer === 'string' ? answer : undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') void commit();
    if (event.key === 'Escape') {
      setText(shown);
      setProblem(undefined);
    }
  };
  return (
    <div className={`field${problem ? ' field-invalid' : ''}`} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        value={text}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint ${id}-problem`}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(problemOf(parse(e.target.value)));
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
