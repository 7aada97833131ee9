import { describe, expect, it } from 'vitest';
import type { RobustRecord } from '../../config/robust';
import { robustCsv } from './robustCsv';

const record: RobustRecord = {
  runId: 'sam',
  step: 100,
  examples: 500,
  clean: 0.85,
  eps: [1, 8],
  sigmas: [0.1],
  pgdSteps: 10,
  fgsm: [0.8, 0.25],
  pgd: [0.79, 0.125],
  noise: [0.84],
  gradientEvaluations: 21,
  ms: 1234.4,
};

describe('robustCsv', () => {
  it('writes one row per attack and ε or σ, with the cost of the evaluation', () => {
    const text = robustCsv([{ id: 'sam', name: 'SAM, ρ=0.05', optimizer: 'sam', seed: 3, robust: [record] }]);
    expect(text.split('\r\n')).toEqual([
      'run_id,run_name,optimizer,seed,step,attack,eps,sigma,accuracy,examples,pgd_steps,gradient_evaluations,ms',
      'sam,"SAM, ρ=0.05",sam,3,100,clean,,,0.85,500,,21,1234',
      'sam,"SAM, ρ=0.05",sam,3,100,fgsm,1,,0.8,500,,21,1234',
      'sam,"SAM, ρ=0.05",sam,3,100,fgsm,8,,0.25,500,,21,1234',
      'sam,"SAM, ρ=0.05",sam,3,100,pgd,1,,0.79,500,10,21,1234',
      'sam,"SAM, ρ=0.05",sam,3,100,pgd,8,,0.125,500,10,21,1234',
      'sam,"SAM, ρ=0.05",sam,3,100,noise,,0.1,0.84,500,,21,1234',
      '',
    ]);
  });
});
