/**
 * Runs as the CLI names them, and `--set` overrides. A run token is an optimizer name, optionally
 * with `:adaptive` (its ASAM form), or `asam` for `sam:adaptive`. Adaptive runs default to ρ = 0.5,
 * since ASAM's ρ lives on a ~10× larger scale (ALGORITHMS.md). Overrides are validated with the
 * config's own zod schema, so the CLI accepts exactly what the app accepts.
 */
import { currentKnobName } from '../../src/config/formerNames';
import { HYPERPARAM_KNOBS, hyperparamsSchema, scheduleSchema } from '../../src/config/optimizers';
import type { RunConfig } from '../../src/config/schema';
import { OPTIMIZER_INFO, OPTIMIZER_NAMES, type OptimizerName } from '../../src/methods/metas';

export const ADAPTIVE_SUFFIX = ':adaptive';
/** Default ρ of an adaptive (ASAM-form) run, the ASAM paper's CIFAR-10 value. */
export const ADAPTIVE_RHO = 0.5;

type Raw = Record<string, unknown>;

export interface RunToken {
  readonly id: string;
  readonly optimizer: OptimizerName;
  readonly adaptive: boolean;
}

export function parseRunToken(token: string): RunToken | string {
  const canonical = token === 'asam' ? `sam${ADAPTIVE_SUFFIX}` : token;
  const adaptive = canonical.endsWith(ADAPTIVE_SUFFIX);
  const name = adaptive ? canonical.slice(0, -ADAPTIVE_SUFFIX.length) : canonical;
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    return `unknown optimizer "${token}" (known: ${OPTIMIZER_NAMES.join(', ')}, asam, or NAME${ADAPTIVE_SUFFIX})`;
  }
  if (adaptive && name === 'sgd') return `"${token}": sgd has no perturbation to make adaptive`;
  return { id: token, optimizer: name as OptimizerName, adaptive };
}

/** One `--set [RUN.]KEY=VALUE`; `KEY` may be `schedule.kind` etc. */
export interface Override {
  readonly runId?: string;
  readonly path: readonly string[];
  readonly value: boolean | number | string;
  readonly source: string;
}

export function parseOverride(text: string, runIds: readonly string[]): Override | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--set ${text}: expected [RUN.]KEY=VALUE`;
  const target = text.slice(0, eq);
  const valueText = text.slice(eq + 1);
  const dot = target.indexOf('.');
  const scoped = dot > 0 && runIds.includes(target.slice(0, dot));
  const runId = scoped ? target.slice(0, dot) : undefined;
  const [key = '', ...rest] = (scoped ? target.slice(dot + 1) : target).split('.');
  // `--set mu=2` from before the naming rule means `bisamMu=2`.
  const path = [currentKnobName(key), ...rest];
  const problem = unknownKey(path);
  if (problem) return `--set ${text}: ${problem}`;
  return { runId, path, value: parseValue(valueText), source: text };
}

function unknownKey(path: readonly string[]): string | undefined {
  const [key, sub, ...rest] = path;
  const keys = Object.keys(hyperparamsSchema.shape);
  if (!key || !keys.includes(key)) {
    return `unknown hyperparameter "${key ?? ''}" (known: ${keys.join(', ')}; or a run name before a dot)`;
  }
  if (key === 'schedule') {
    const scheduleKeys = Object.keys(scheduleSchema.shape);
    if (!sub || !scheduleKeys.includes(sub) || rest.length > 0) {
      return `unknown schedule field "${path.slice(1).join('.')}" (known: ${scheduleKeys.map((k) => `schedule.${k}`).join(', ')})`;
    }
  } else if (sub !== undefined) return `"${key}" has no field "${path.slice(1).join('.')}"`;
  return undefined;
}

function parseValue(text: string): boolean | number | string {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

function applyOverride(raw: Raw, { path, value }: Override): void {
  const [key, sub] = path as [string, string | undefined];
  if (sub === undefined) raw[key] = value;
  else raw[key] = { ...((raw[key] as Raw | undefined) ?? {}), [sub]: value };
}

/** Builds validated run configs; global overrides first, then per-run ones (which win). */
export function buildRuns(
  tokens: readonly RunToken[],
  overrides: readonly Override[],
): RunConfig[] | string[] {
  const errors: string[] = [];
  const runs = tokens.map((token) => {
    const raw: Raw = token.adaptive ? { adaptive: true, rho: ADAPTIVE_RHO } : {};
    for (const o of overrides) if (o.runId === undefined) applyOverride(raw, o);
    for (const o of overrides) if (o.runId === token.id) applyOverride(raw, o);
    const parsed = hyperparamsSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push(`${token.id}.${issue.path.join('.')}: ${issue.message}`);
      return undefined;
    }
    const label = OPTIMIZER_INFO[token.optimizer].label;
    const name = token.id === 'asam' ? 'ASAM' : token.adaptive ? `${label} (adaptive)` : label;
    return { id: token.id, name, optimizer: token.optimizer, hparams: parsed.data } satisfies RunConfig;
  });
  return errors.length > 0 ? errors : (runs as RunConfig[]);
}

/** The knobs a run's method reads, for the usage text. */
export function knobList(): string {
  return Object.entries(HYPERPARAM_KNOBS)
    .map(([key, knob]) => `  ${key.padEnd(20)} ${knob.doc} (default ${knob.default})`)
    .join('\n');
}
