/** Training length, typed in steps or in epochs (stored as steps: one step is one batch for every run). */
import { useState } from 'react';
import { NumberField } from './fields/NumberField';

interface LengthFieldProps {
  readonly steps: number;
  readonly stepsPerEpoch: number;
  readonly validate: (steps: number) => string | undefined;
  readonly onCommit: (steps: number) => void;
}

export function LengthField({ steps, stepsPerEpoch, validate, onCommit }: LengthFieldProps) {
  const [unit, setUnit] = useState<'steps' | 'epochs'>('steps');
  const epochs = Number((steps / stepsPerEpoch).toFixed(2));
  const toSteps = (value: number) => (unit === 'steps' ? value : Math.round(value * stepsPerEpoch));
  const other = unit === 'steps' ? `${epochs} epochs` : `${steps.toLocaleString('en-US')} steps`;
  return (
    <div className="length-field">
      <NumberField
        label={`Length (${unit})`}
        value={unit === 'steps' ? steps : epochs}
        hint={`= ${other} at ${stepsPerEpoch.toLocaleString('en-US')} steps per epoch.`}
        validate={(value) => validate(toSteps(value))}
        onCommit={(value) => onCommit(toSteps(value))}
      />
      <select
        aria-label="Length unit"
        value={unit}
        onChange={(e) => setUnit(e.target.value as 'steps' | 'epochs')}
      >
        <option value="steps">steps</option>
        <option value="epochs">epochs</option>
      </select>
    </div>
  );
}
