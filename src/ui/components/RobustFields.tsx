/**
 * The robust evaluation in the experiment form: which attacks (none = off), E_r and PGD's k. The ε
 * and σ lists keep their values (1, 2, 4, 8 /255 and 0.05, 0.1, 0.2 by default; a link can set them).
 */
import {
  DEFAULT_ROBUST,
  gradientPassesPerRun,
  ROBUST_ATTACKS,
  ROBUST_LABELS,
  type RobustAttack,
  type RobustConfig,
  robustConfigSchema,
} from '../../config/robust';
import { NumberField } from './fields/NumberField';

interface RobustFieldsProps {
  readonly robust?: RobustConfig;
  readonly onChange: (robust: RobustConfig | undefined) => void;
}

function rangeProblem(key: 'examples' | 'pgdSteps', label: string) {
  const field = robustConfigSchema.shape[key];
  return (value: number) =>
    field.safeParse(value).success
      ? undefined
      : `${label} must be a whole number from ${field.minValue} to ${field.maxValue?.toLocaleString('en-US')}`;
}

export function RobustFields({ robust, onChange }: RobustFieldsProps) {
  const current = robust ?? { ...DEFAULT_ROBUST, attacks: [] };
  const toggle = (attack: RobustAttack, on: boolean) => {
    const attacks = ROBUST_ATTACKS.filter((a) => (a === attack ? on : current.attacks.includes(a)));
    onChange(attacks.length === 0 ? undefined : { ...current, attacks });
  };
  const eps = current.eps.map((e) => `${e}/255`).join(', ');
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
          ? `At every evaluation, ε ∈ {${eps}}${robust.attacks.includes('noise') ? `, σ ∈ {${robust.sigmas.join(', ')}}` : ''}: ${gradientPassesPerRun(robust)} input-gradient passes over the attacked images per run; training slows meanwhile.`
          : 'Off: accuracy under adversarial (FGSM, PGD) and random input perturbations, at every evaluation.'}
      </small>
      {robust && (
        <>
          <NumberField
            label="Attacked test images (E_r)"
            value={robust.examples}
            hint="The first n test images."
            validate={rangeProblem('examples', 'Attacked test images')}
            onCommit={(examples) => onChange({ ...robust, examples })}
          />
          {robust.attacks.includes('pgd') && (
            <NumberField
              label="PGD steps k"
              value={robust.pgdSteps}
              hint="Step size 2.5ε/k, from a seeded random start."
              validate={rangeProblem('pgdSteps', 'PGD steps')}
              onCommit={(pgdSteps) => onChange({ ...robust, pgdSteps })}
            />
          )}
        </>
      )}
    </fieldset>
  );
}
