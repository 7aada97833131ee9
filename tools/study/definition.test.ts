import { describe, expect, it } from 'vitest';
import geometry from '../../studies/geometry/study';
import { parseStudy, quickVersion, type Study } from './definition';

function parsed(raw: unknown): Study {
  const result = parseStudy(raw);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.study;
}

describe('study definitions', () => {
  it('shrinks sizes for --quick but keeps the methods, regimes and hypotheses', () => {
    const study = parsed(geometry);
    const quick = quickVersion(study);
    expect(quick.steps).toBe(study.quick.steps);
    expect(quick.probes?.iterations).toBe(study.quick.probeIterations);
    expect(quick.robust?.pgdSteps).toBe(study.quick.pgdSteps);
    expect(quick.methods).toEqual(study.methods);
    expect(quick.hypotheses).toEqual(study.hypotheses);
    expect(quick.regimes.map((r) => r.id)).toEqual(study.regimes.map((r) => r.id));
  });

  it('rejects a hypothesis about a regime the study does not train, naming the field', () => {
    const study = parsed(geometry);
    const wrong = { ...study, hypotheses: [{ ...study.hypotheses[0], regime: 'noise80' }] };
    const result = parseStudy(wrong);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContain('hypotheses.0.regime: unknown regime "noise80" (known: clean)');
  });
});
