/** Config name → optimizer factory. Adding a method is one file plus one line here. */

import { createBisamLog, createBisamTanh } from './bisam/step';
import { createBsam } from './bsam/step';
import type { OptimizerFactory } from './common/types';
import { createEsam } from './esam/step';
import { createGsam } from './gsam/step';
import type { OptimizerName } from './metas';
import { createSam } from './sam/step';
import { createSampa } from './sampa/step';
import { createSgd } from './sgd/step';
import { createSsamD, createSsamF } from './ssam/step';

export const OPTIMIZERS = {
  sgd: createSgd,
  sam: createSam,
  'bisam-tanh': createBisamTanh,
  'bisam-log': createBisamLog,
  gsam: createGsam,
  'ssam-f': createSsamF,
  'ssam-d': createSsamD,
  sampa: createSampa,
  bsam: createBsam,
  esam: createEsam,
} satisfies Record<OptimizerName, OptimizerFactory>;

export function createOptimizer(name: OptimizerName, ...args: Parameters<OptimizerFactory>) {
  return OPTIMIZERS[name](...args);
}
