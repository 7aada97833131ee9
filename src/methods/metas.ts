/**
 * The methods as the page, the config and the CLI know them (no tfjs: the page bundle imports this).
 * Adding a method is its folder plus one line here and one in steps.ts (README "Methods").
 */
import { BISAM_LOG_META, BISAM_TANH_META } from './bisam/meta';
import { BSAM_META } from './bsam/meta';
import { ESAM_META } from './esam/meta';
import { GSAM_META } from './gsam/meta';
import { SAM_META } from './sam/meta';
import { SAMPA_META } from './sampa/meta';
import { SGD_META } from './sgd/meta';
import { SSAM_D_META, SSAM_F_META } from './ssam/meta';

/** Name → meta, in the order the page lists the methods. */
export const OPTIMIZER_INFO = {
  sgd: SGD_META,
  sam: SAM_META,
  'bisam-tanh': BISAM_TANH_META,
  'bisam-log': BISAM_LOG_META,
  gsam: GSAM_META,
  'ssam-f': SSAM_F_META,
  'ssam-d': SSAM_D_META,
  sampa: SAMPA_META,
  bsam: BSAM_META,
  esam: ESAM_META,
};

export type OptimizerName = keyof typeof OPTIMIZER_INFO;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZER_INFO) as [OptimizerName, ...OptimizerName[]];
