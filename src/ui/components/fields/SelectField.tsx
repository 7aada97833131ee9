/** A labelled select with an optional hint (the label names the select alone, not its options too). */
import { type ReactNode, useId } from 'react';

interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly (readonly [value: T, label: string])[];
  readonly onChange: (value: T) => void;
  readonly hint?: ReactNode;
  readonly disabled?: boolean;
  readonly testId?: string;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  disabled,
  testId,
}: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="field field-select">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      {hint && (
        <small className="hint" data-testid={testId}>
          {hint}
        </small>
      )}
    </div>
  );
}
