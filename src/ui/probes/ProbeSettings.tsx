/**
 * The probe schedule and settings: every N steps (0 = only when asked), which probes, P, k, n,
 * ρ_probe, the adversaries' μ and α, the line's points and the surface grid, and where the scheduled
 * 1-D lines start (the initial weights or a run). They apply at once, also while runs train (probes
 * asked for from then on use them), and go into the share link.
 */
import { useState } from 'react';
import { PROBE_KNOBS, type ProbeKnobKey } from '../../config/probeKnobs';
import {
  DEFAULT_PROBE_CONFIG,
  PROBE_KINDS,
  PROBE_LABELS,
  type ProbeConfig,
  type ProbeKind,
} from '../../config/probes';
import { NumberKnobField } from '../components/fields/KnobFields';
import { SelectField } from '../components/fields/SelectField';

interface ProbeSettingsProps {
  readonly probes?: ProbeConfig;
  /** The experiment's runs (id, name): a scheduled line may start at one of them. */
  readonly runs: readonly (readonly [id: string, name: string])[];
  /** Resolves to the problem to show (the worker's refusal), if any. */
  readonly onChange: (probes: ProbeConfig) => Promise<string | undefined>;
}

/** The settings after the schedule, in the table's order (the order the probes use them). */
const TUNING = (Object.keys(PROBE_KNOBS) as ProbeKnobKey[]).filter((key) => key !== 'every');

function scheduleText({ every, kinds, lineFrom }: ProbeConfig, runName?: string): string {
  if (every === 0) return 'No schedule: probes run only when asked (the buttons below).';
  if (kinds.length === 0) return `Every ${every} steps, but no probe is chosen.`;
  const labels = kinds.map((kind) =>
    kind === 'line' && lineFrom ? `1-D line (${runName ?? lineFrom} → each other run)` : PROBE_LABELS[kind],
  );
  return `Every ${every} steps, on every run: ${labels.join('; ')}.`;
}

export function ProbeSettings({ probes, runs, onChange }: ProbeSettingsProps) {
  const current = probes ?? DEFAULT_PROBE_CONFIG;
  const lineFrom = runs.find(([id]) => id === current.lineFrom);
  const [problem, setProblem] = useState<string>();
  const set = (patch: Partial<ProbeConfig>) => onChange({ ...current, ...patch });
  const toggle = async (kind: ProbeKind, on: boolean) =>
    setProblem(
      await set({ kinds: PROBE_KINDS.filter((k) => (k === kind ? on : current.kinds.includes(k))) }),
    );
  return (
    <fieldset className="plain probe-settings" aria-label="Probe settings" data-testid="probe-settings">
      <legend>Schedule and settings</legend>
      <NumberKnobField
        knob={PROBE_KNOBS.every}
        value={current.every}
        onCommit={(every) => set({ every })}
        testId="probe-every"
      />
      <fieldset className="plain inline-group" aria-label="Scheduled probes">
        {PROBE_KINDS.map((kind) => (
          <label key={kind} className="inline">
            <input
              type="checkbox"
              checked={current.kinds.includes(kind)}
              onChange={(e) => void toggle(kind, e.target.checked)}
              data-probe-kind={kind}
            />
            {PROBE_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <small className="hint" data-testid="probe-schedule">
        {scheduleText(current, lineFrom?.[1])}
      </small>
      <small className="problem" role="status" aria-live="polite">
        {problem ?? ''}
      </small>
      <div className="probe-tuning">
        {TUNING.map((key) => (
          <NumberKnobField
            key={key}
            knob={PROBE_KNOBS[key]}
            value={current[key]}
            onCommit={(value) => set({ [key]: value })}
          />
        ))}
        <SelectField
          label="Scheduled lines from"
          value={lineFrom?.[0] ?? ''}
          options={[['', 'Initial weights'], ...runs]}
          onChange={async (id) => setProblem(await set({ lineFrom: id || undefined }))}
        />
      </div>
    </fieldset>
  );
}
