/**
 * The zod field of a knob, built from its range, so the schema, the forms and the links check the
 * same range (the forms and links word it with knobText.ts).
 */
import { type ZodType, z } from 'zod';
import type { ListKnob, NumberKnob } from '../methods/common/knobs';

type Range = Omit<NumberKnob, 'kind' | 'label' | 'doc' | 'default' | 'formerName'>;

export function numberKnobSchema(knob: Range) {
  let field = knob.integer ? z.number().int() : z.number();
  field = knob.minExclusive ? field.gt(knob.min) : field.min(knob.min);
  return knob.maxExclusive ? field.lt(knob.max) : field.max(knob.max);
}

export const listKnobSchema = (knob: ListKnob) =>
  z
    .array(numberKnobSchema(knob))
    .min(1)
    .max(knob.maxItems)
    .refine((values) => new Set(values).size === values.length, 'each value once');

/** `name.field: message` for a value the schema refuses (its first issue), or undefined. */
export function schemaProblem(name: string, schema: ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${name}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
}
