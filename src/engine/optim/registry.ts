/** Config name → optimizer factory. Adding a method is one file plus one line here. */
import type { OptimizerName } from '../../config/optimizers';
import { createSgd } from './sgd';
import type { OptimizerFactory } from './types';

export const OPTIMIZERS = {
  sgd: createSgd,
} satisfies Record<OptimizerName, OptimizerFactory>;

export function createOptimizer(name: OptimizerName, ...args: Parameters<OptimizerFactory>) {
  return OPTIMIZERS[name](...args);
}
