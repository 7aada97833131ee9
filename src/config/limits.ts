/**
 * The limits every part checks against, in one place: the config schema, the URL codec, the bundle
 * importer, the session, the UI and the CLIs import them, so they cannot disagree.
 */

/** Runs trained side by side in one session (each is a full model on the device). */
export const MAX_RUNS = 8;
/** A run's id: in links, bundles and event streams. */
export const RUN_ID_MAX_LENGTH = 32;
/** A run's display name: legends and tables stay readable. */
export const RUN_NAME_MAX_LENGTH = 40;

/** Seeds per run: each run trains once per seed, paired seed by seed with the other runs. */
export const MAX_SEEDS = 10;
/** Replicas (runs × sweep points × seeds) one session holds: 8 runs × 5 seeds, or 4 methods × 10 seeds. */
export const MAX_REPLICAS = 40;
