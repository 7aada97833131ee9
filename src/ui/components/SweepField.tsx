/**
 * The sweep as text in the URL's grammar (`sam.rho:0.01,0.05;sam.lr:0.02,0.1`), committed on Enter or
 * when it loses focus; what cannot be used is said under the field and left out.
 */
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import type { RunConfig } from '../../config/schema';
import { encodeSweep, parseSweep, type SweepAxis } from '../../config/sweep';

interface SweepFieldProps {
  readonly sweep: readonly SweepAxis[];
  readonly runs: readonly RunConfig[];
  readonly onCommit: (sweep: SweepAxis[]) => void;
}

export function SweepField({ sweep, runs, onCommit }: SweepFieldProps) {
  const id = useId();
  const [text, setText] = useState(encodeSweep(sweep));
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => setText(encodeSweep(sweep)), [sweep]);
  const commit = () => {
    const parsed = parseSweep(text, runs);
    setProblems(parsed.problems);
    onCommit(parsed.axes);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
  };
  return (
    <div className={`field${problems.length > 0 ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Sweep</label>
      <input
        id={id}
        type="text"
        value={text}
        placeholder="sam.rho:0.01,0.02,0.05"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
        data-testid="sweep"
      />
      <small className="hint">
        run.knob:values, each value a run of its own (';' between axes, two per run for a grid).
      </small>
      <small className="problem" role="status" aria-live="polite">
        {problems.join(' ')}
      </small>
    </div>
  );
}
