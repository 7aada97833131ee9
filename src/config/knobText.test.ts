import { describe, expect, it } from 'vitest';
import { knobProblem, listText, numberProblem, parseKnobList } from './knobText';
import { PROBE_KNOBS } from './probeKnobs';
import { ROBUST_KNOBS } from './robust';

describe('knob text', () => {
  it('reads a typed list back into the numbers it shows, spaces or not', () => {
    expect(parseKnobList('1, 2,4 ,8', ROBUST_KNOBS.eps)).toEqual([1, 2, 4, 8]);
    expect(parseKnobList(listText([0.5, 3]), ROBUST_KNOBS.eps)).toEqual([0.5, 3]);
  });

  it('names the list when it is empty or holds something that is not a number', () => {
    expect(parseKnobList(' ', ROBUST_KNOBS.sigmas)).toBe('Noise σ needs at least one value');
    expect(parseKnobList('0.1,,0.2', ROBUST_KNOBS.sigmas)).toBe('Noise σ: "" is not a number');
    expect(parseKnobList('1, 8/255', ROBUST_KNOBS.eps)).toBe('Radii ε (/255): "8/255" is not a number');
  });

  it('checks a probe setting against its own range and names it', () => {
    expect(numberProblem(PROBE_KNOBS.iterations, 0)).toBe(
      'Power iterations k must be a whole number ≥ 1 and ≤ 200',
    );
    expect(numberProblem(PROBE_KNOBS.rho, Number.NaN)).toBe('ρ_probe is not a number');
    expect(numberProblem(PROBE_KNOBS.rho, 0.05)).toBeUndefined();
  });

  it('words a hyperparameter the same way as before the knobs were shared', () => {
    expect(knobProblem('rho', -1)).toBe('Radius ρ must be ≥ 0 and ≤ 10');
    expect(knobProblem('nesterov', 1)).toBeUndefined();
  });
});
