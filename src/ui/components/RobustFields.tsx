/**
 * The robust evaluation in the experiment form: which attacks (none = off), and for those chosen E_r,
 * the ε list (/255), PGD's k and the σ list. Changes apply from the next evaluation, also while runs
 * train (no restart), and go into the share link.
 */
import {
  DEFAULT_ROBUST,
  gradientPassesPerRun,
  ROBUST_ATTACKS,
  ROBUST_KNOBS,
  ROBUST_LABELS,
  type RobustAttack,
  type RobustConfig,
} from '../../config/robust';
import { ListKnobField, NumberKnobField } from './fields/KnobFields';

interface RobustFieldsProps {
  readonly robust?: RobustConfig;
  /** May resolve to a problem to show next to the field (the worker's refusal). */
  readonly onChange: (robust: RobustConfig | undefined) => unknown;
}

export function RobustFields({ robust, onChange }: RobustFieldsProps) {
  const current = robust ?? { ...DEFAULT_ROBUST, attacks: [] };
  const toggle = (attack: RobustAttack, on: boolean) => {
    const attacks = ROBUST_ATTACKS.filter((a) => (a === attack ? on : current.attacks.includes(a)));
    void onChange(attacks.length === 0 ? undefined : { ...current, attacks });
  };
  const has = (attack: RobustAttack) => robust?.attacks.includes(attack) ?? false;
  const set = (patch: Partial<RobustConfig>) => robust && onChange({ ...robust, ...patch });
  return (
    <fieldset className="plain robust-fields" aria-label="Robust evaluation">
      <legend>Robust evaluation</legend>
      <div className="inline-group">
        {ROBUST_ATTACKS.map((attack) => (
          <label key={attack} className="inline">
            <input
              type="checkbox"
              checked={current.attacks.includes(attack)}
              onChange={(e) => toggle(attack, e.target.checked)}
            />
            {attack === 'pgd' ? `PGD-${current.pgdSteps}` : ROBUST_LABELS[attack]}
          </label>
        ))}
      </div>
      <small className="hint">
        {robust
          ? `At every evaluation: ${gradientPassesPerRun(robust)} input-gradient passes over the attacked images per run and seed; training slows meanwhile.`
          : 'Off: accuracy under adversarial (FGSM, PGD) and random input perturbations, at every evaluation.'}
      </small>
      {robust && (
        <NumberKnobField
          knob={ROBUST_KNOBS.examples}
          value={robust.examples}
          onCommit={(examples) => set({ examples })}
        />
      )}
      {(has('fgsm') || has('pgd')) && (
        <ListKnobField
          knob={ROBUST_KNOBS.eps}
          value={current.eps}
          onCommit={(eps) => set({ eps: [...eps] })}
          testId="robust-eps"
        />
      )}
      {has('pgd') && (
        <NumberKnobField
          knob={ROBUST_KNOBS.pgdSteps}
          value={current.pgdSteps}
          onCommit={(pgdSteps) => set({ pgdSteps })}
        />
      )}
      {has('noise') && (
        <ListKnobField
          knob={ROBUST_KNOBS.sigmas}
          value={current.sigmas}
          onCommit={(sigmas) => set({ sigmas: [...sigmas] })}
          testId="robust-sigmas"
        />
      )}
    </fieldset>
  );
}
