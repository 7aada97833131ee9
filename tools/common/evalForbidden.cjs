/**
 * `@stdlib/utils-eval` in the browser build (vite.config.ts aliases it here). The production build's
 * Content-Security-Policy forbids eval, and @stdlib evals only to probe for generator support: this
 * throws as the blocked eval would, without the policy violation the probe otherwise reports.
 */
module.exports = function evalForbidden() {
  throw new EvalError('eval is disabled by the Content-Security-Policy');
};
