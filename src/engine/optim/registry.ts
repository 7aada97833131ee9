/** Config name → optimizer factory. Adding a method is one file plus one line here. */
import type { OptimizerName } from '../../config/optimizers';
import { createBisamLog, createBisamTanh } from './bisam';
import { createSam } from './sam';
import { createSgd } from './sgd';
import type { OptimizerFactory } from './types';

export const OPTIMIZERS = {
  sgd: createSgd,
  sam: createSam,
  'bisam-tanh': createBisamTanh,
  'bisam-log': createBisamLog,
} satisfies Record<OptimizerName, OptimizerFactory>;

export function createOptimizer(name: OptimizerName, ...args: Parameters<OptimizerFactory>) {
  return OPTIMIZERS[name](...args);
}
