/** What a robust evaluation measures, and where each accuracy sits in its vector of correct counts. */
import { type RobustConfig, robustProblem } from '../../config/robust';

/** Stream label of the robust evaluation's draws (0: initial weights, 1: batch order). */
export const ROBUST_STREAM = 2;

/** The experiment's robust config plus the seed of PGD's starts and the noise (the same for every run). */
export interface RobustSettings extends RobustConfig {
  readonly seed: number;
}

/** Throws, naming the field, on settings no evaluation can run with. */
export function assertRobustSettings(settings: RobustSettings): void {
  const problem = robustProblem(settings);
  if (problem) throw new Error(problem);
}

/** ε on the [0, 1] pixel scale, where the attacks work. */
export const unitEpsilons = (settings: RobustSettings): number[] => settings.eps.map((e) => e / 255);

/** Index of each accuracy in the per-run counts vector: clean first, then FGSM, PGD and noise. */
export interface CountLayout {
  readonly size: number;
  readonly clean: number;
  readonly fgsm: readonly number[];
  readonly pgd: readonly number[];
  readonly noise: readonly number[];
}

export function countLayout({ attacks, eps, sigmas }: RobustSettings): CountLayout {
  let size = 1;
  const take = (on: boolean, count: number) => {
    const indices = on ? Array.from({ length: count }, (_, i) => size + i) : [];
    size += indices.length;
    return indices;
  };
  const fgsm = take(attacks.includes('fgsm'), eps.length);
  const pgd = take(attacks.includes('pgd'), eps.length);
  const noise = take(attacks.includes('noise'), sigmas.length);
  return { size, clean: 0, fgsm, pgd, noise };
}
