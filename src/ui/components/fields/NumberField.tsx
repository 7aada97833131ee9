/** A labelled number input (see ParsedField: checks as you type, commits on Enter or blur). */
import { parseNumber } from '../../../config/knobText';
import { type Parsed, ParsedField, type ParsedFieldProps } from './ParsedField';

interface NumberFieldProps extends Omit<ParsedFieldProps<number>, 'format' | 'parse' | 'inputMode'> {
  /** Why a value is not acceptable here, or undefined. */
  readonly validate?: (value: number) => string | undefined;
}

const show = (value: number) => (Number.isFinite(value) ? String(value) : '');

export function NumberField({ validate, ...props }: NumberFieldProps) {
  const parse = (text: string): Parsed<number> => {
    const value = parseNumber(text);
    if (value === undefined) return { problem: `${props.label} must be a number` };
    const problem = validate?.(value);
    return problem ? { problem } : { value };
  };
  return <ParsedField {...props} format={show} parse={parse} inputMode="decimal" />;
}
