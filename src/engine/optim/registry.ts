/** Config name → optimizer factory. Adding a method is one file plus one line here. */
import type { OptimizerName } from '../../config/optimizers';
import { createBisamLog, createBisamTanh } from './bisam';
import { createBsam } from './bsam';
import { createEsam } from './esam';
import { createGsam } from './gsam';
import { createSam } from './sam';
import { createSampa } from './sampa';
import { createSgd } from './sgd';
import { createSsamD, createSsamF } from './ssam';
import type { OptimizerFactory } from './types';

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
