/**
 * The engine's probes (float32, finite-difference HVP) against PyTorch's exact Hessian (float64) on
 * the probe parity cases, number by number along the same path.
 */
import { ADVERSARIES } from '../../src/config/probes';
import type { ProbeParityResult } from './probeParity';

/**
 * Measured on cpu with double-backprop HVPs (README, "Probes"): power-iteration λ within 8.8e-7
 * relative, zᵀHz within 1.6e-6, λ_max after 30 iterations within 4.5e-8 of the exact top eigenvalue,
 * common-ρ ΔL within 1.2e-7 (finite differences, the fallback, gave 2.1e-4, 5.3e-4, 2.3e-5). The
 * tolerances leave about 10× room; flips must be equal.
 */
export const PROBE_TOLERANCE = { rtol: 2e-5, lossAtol: 2e-6 } as const;

export interface ProbeParityDiff {
  /** max relative difference of λ over the iterations. */
  readonly powerRel: number;
  /** λ_max after the last iteration vs PyTorch's exact largest eigenvalue, relative. */
  readonly exactRel: number;
  /** max relative difference of zᵀHz over the samples. */
  readonly formsRel: number;
  /** max |ΔL| and |Δerr| difference over the three adversaries. */
  readonly commonAbs: number;
  readonly failures: string[];
}

const maxRel = (a: readonly number[], b: readonly number[]) =>
  Math.max(0, ...a.map((x, i) => Math.abs(x - (b[i] as number)) / Math.abs(b[i] as number)));

export function compareProbeParity(engine: ProbeParityResult, reference: ProbeParityResult): ProbeParityDiff {
  const failures: string[] = [];
  const { rtol, lossAtol } = PROBE_TOLERANCE;
  const sameLength = (name: string, a: readonly number[], b: readonly number[]) => {
    if (a.length !== b.length)
      failures.push(`${name}: ${a.length} values in the engine, ${b.length} in PyTorch`);
  };
  sameLength('powerIteration', engine.powerIteration, reference.powerIteration);
  sameLength('quadraticForms', engine.quadraticForms, reference.quadraticForms);
  const powerRel = maxRel(engine.powerIteration, reference.powerIteration);
  const formsRel = maxRel(engine.quadraticForms, reference.quadraticForms);
  const eigenvalues = reference.eigenvalues ?? [];
  const top = eigenvalues.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
  const exactRel = maxRel([engine.powerIteration.at(-1) ?? Number.NaN], [top]);
  if (!(powerRel <= rtol))
    failures.push(`power iteration λ differs by ${powerRel.toExponential(2)} relative`);
  if (!(formsRel <= rtol)) failures.push(`Hutchinson zᵀHz differs by ${formsRel.toExponential(2)} relative`);
  if (!(exactRel <= rtol))
    failures.push(`λ_max is ${exactRel.toExponential(2)} from the exact top eigenvalue ${top}`);
  let commonAbs = 0;
  for (const adversary of ADVERSARIES) {
    const [a, b] = [engine.common[adversary], reference.common[adversary]];
    commonAbs = Math.max(
      commonAbs,
      Math.abs(a.lossIncrease - b.lossIncrease),
      Math.abs(a.errorIncrease - b.errorIncrease),
    );
    if (a.flips !== b.flips)
      failures.push(`${adversary}: ${a.flips} flips in the engine, ${b.flips} in PyTorch`);
  }
  if (!(commonAbs <= lossAtol)) failures.push(`common-ρ ΔL or Δerr differs by ${commonAbs.toExponential(2)}`);
  return { powerRel, exactRel, formsRel, commonAbs, failures };
}

/** One line per case for the parity:torch report. */
export function probeParityTable(rows: readonly { name: string; diff: ProbeParityDiff }[]): string {
  const e = (x: number) => x.toExponential(1);
  const header = 'case          λ per iteration  λ_max vs exact  zᵀHz       common-ρ   ';
  const lines = rows.map(({ name, diff }) =>
    [
      name.padEnd(14),
      e(diff.powerRel).padEnd(17),
      e(diff.exactRel).padEnd(16),
      e(diff.formsRel).padEnd(11),
      e(diff.commonAbs).padEnd(11),
      diff.failures.length ? 'FAIL' : 'ok',
    ].join(''),
  );
  const note = `(relative, tolerance ${PROBE_TOLERANCE.rtol}; common-ρ absolute, tolerance ${PROBE_TOLERANCE.lossAtol}; flips equal)`;
  return [header, ...lines, note].join('\n');
}
