/** What a robust evaluation measures, and where each accuracy sits in its vector of correct counts. */

export const ROBUST_ATTACKS = ['fgsm', 'pgd', 'noise'] as const;
export type RobustAttack = (typeof ROBUST_ATTACKS)[number];

export interface RobustSettings {
  readonly attacks: readonly RobustAttack[];
  /** L∞ radii on the [0, 1] pixel scale (8/255, not 8), for FGSM and PGD alike. */
  readonly epsilons: readonly number[];
  /** k of PGD-k. */
  readonly pgdSteps: number;
  /** Standard deviations of the Gaussian input noise, on the [0, 1] pixel scale. */
  readonly sigmas: readonly number[];
  /** E_r: the first this many test examples are attacked. */
  readonly examples: number;
  /** Seeds PGD's starts and the noise; the same for every run of a comparison. */
  readonly seed: number;
}

/** Throws, naming the field, on settings no evaluation can run with. */
export function assertRobustSettings(settings: RobustSettings): void {
  const { epsilons, pgdSteps, sigmas, examples } = settings;
  const bad = epsilons.find((e) => !(e > 0 && e <= 1));
  if (bad !== undefined) throw new Error(`epsilons must lie in (0, 1] on the pixel scale, got ${bad}`);
  if (!Number.isInteger(pgdSteps) || pgdSteps < 1)
    throw new Error(`pgdSteps must be a positive integer, got ${pgdSteps}`);
  const badSigma = sigmas.find((s) => !(s > 0 && Number.isFinite(s)));
  if (badSigma !== undefined) throw new Error(`sigmas must be positive, got ${badSigma}`);
  if (!Number.isInteger(examples) || examples < 1)
    throw new Error(`examples must be a positive integer, got ${examples}`);
}

/** Index of each accuracy in the per-run counts vector: clean first, then FGSM, PGD and noise. */
export interface CountLayout {
  readonly size: number;
  readonly clean: number;
  readonly fgsm: readonly number[];
  readonly pgd: readonly number[];
  readonly noise: readonly number[];
}

export function countLayout({ attacks, epsilons, sigmas }: RobustSettings): CountLayout {
  let size = 1;
  const take = (on: boolean, count: number) => {
    const indices = on ? Array.from({ length: count }, (_, i) => size + i) : [];
    size += indices.length;
    return indices;
  };
  const fgsm = take(attacks.includes('fgsm'), epsilons.length);
  const pgd = take(attacks.includes('pgd'), epsilons.length);
  const noise = take(attacks.includes('noise'), sigmas.length);
  return { size, clean: 0, fgsm, pgd, noise };
}

/** Input-gradient passes over the E_r examples per run: one for FGSM (shared by every ε), k per ε for PGD. */
export function gradientPassesPerRun({ attacks, epsilons, pgdSteps }: RobustSettings): number {
  return (attacks.includes('fgsm') ? 1 : 0) + (attacks.includes('pgd') ? pgdSteps * epsilons.length : 0);
}
