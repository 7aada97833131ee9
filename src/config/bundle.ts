/**
 * The exported experiment: config, per-run metrics, evaluations, live-change events and where it ran,
 * in one JSON file. Importing validates it with zod and never throws: a malformed file yields
 * specific problems ("runs[1].metrics.loss: 40 values for 41 steps"), unknown extras yield warnings.
 * Non-finite numbers (a step where a metric was not measured) are JSON `null`.
 */
import { z } from 'zod';
import type { OptimizerName } from '../methods/metas';
import { configWithCurrentKnobNames, currentKnobName, currentMetricName } from './formerNames';
import { importSizeProblem, MAX_IMPORT_BYTES } from './importSize';
import { MAX_SEEDS } from './limits';
import { DECISION_BOUNDARY, type EvaluationRecord, STEP_METRICS, type StepMetricName } from './metrics';
import { probeRecordSchema } from './probes';
import { clip, quote } from './quote';
import { robustRecordSchema } from './robust';
import { type ExperimentConfig, experimentConfigSchema, runConfigSchema } from './schema';
import type { SessionEvent } from './stream';

export const BUNDLE_FORMAT = 'sam-playground-bundle';
export const BUNDLE_VERSION = 1;

/**
 * Why a file of `bytes` cannot be imported (too big), or undefined when its size is fine. Bigger
 * files are not read: parsing a bigger text takes seconds and gigabytes in a tab (and V8's strings
 * stop at 512 MB). A comparison of three runs over 20,000 steps exports about 15 MB.
 */
export function bundleSizeProblem(bytes: number, maxBytes = MAX_IMPORT_BYTES.bundle): string | undefined {
  const problem = importSizeProblem('bundle', bytes, maxBytes);
  return problem && `bundle: ${problem}`;
}

const number = z.number().nullable();

const evaluationSchema = z.object({
  step: z.number().int().min(0),
  testLoss: number,
  testAccuracy: number,
  perClassAccuracy: z.array(number).optional(),
  confusion: z.array(z.array(z.number())).optional(),
  noisyTrueAccuracy: number.optional(),
  noisyLabelAccuracy: number.optional(),
  /**
   * 2-D data: the predicted class of each DECISION_BOUNDARY cell, a plain array in JSON. Pages before
   * this one wrote the Uint8Array as an object {"0": …, "1": …}: read back in key order.
   */
  boundary: z.preprocess(
    (value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.keys(value)
            .sort((a, b) => Number(a) - Number(b))
            .map((key) => (value as Record<string, unknown>)[key])
        : value,
    z
      .array(z.number().int().min(0).max(255))
      .length(DECISION_BOUNDARY.resolution ** 2)
      .optional(),
  ),
});

const eventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hyperparams'),
    runId: z.string(),
    step: z.number(),
    key: z.string(),
    from: z.unknown(),
    to: z.unknown(),
  }),
  z.object({
    kind: z.literal('runAdded'),
    runId: z.string(),
    step: z.number(),
    parentId: z.string().optional(),
  }),
  z.object({ kind: z.literal('runRemoved'), runId: z.string(), step: z.number() }),
  z.object({ kind: z.literal('diverged'), runId: z.string(), step: z.number(), message: z.string() }),
  z.object({
    kind: z.literal('restored'),
    runId: z.string(),
    step: z.number(),
    backend: z.string(),
    robustFrom: z.number().optional(),
  }),
  z.object({ kind: z.literal('robust'), runId: z.string(), step: z.number(), record: robustRecordSchema }),
  z.object({ kind: z.literal('probe'), runId: z.string(), step: z.number(), record: probeRecordSchema }),
]);
/** The stream's `SessionEvent`, as a bundle stores it. */
export type BundleEvent = SessionEvent;

/** What a run and each of its seeds record: steps, metric columns, evaluations. */
const seriesFields = {
  steps: z.array(z.number().int().min(0)),
  /** Training time of each step, ms since the run's session started (pauses excluded). */
  wallMs: z.array(z.number()).optional(),
  metrics: z.record(z.string(), z.array(number)),
  evaluations: z.array(evaluationSchema),
  divergedAtStep: z.number().int().optional(),
};

/** Every column as long as the steps, and the steps increasing. */
function checkColumns(
  series: { steps: number[]; wallMs?: number[]; metrics: Record<string, unknown[]> },
  context: z.RefinementCtx,
): void {
  const count = series.steps.length;
  for (const [name, column] of Object.entries(series.metrics))
    if (column.length !== count)
      context.addIssue({
        code: 'custom',
        path: ['metrics', name],
        message: `${column.length} values for ${count} steps`,
      });
  if (series.wallMs && series.wallMs.length !== count)
    context.addIssue({
      code: 'custom',
      path: ['wallMs'],
      message: `${series.wallMs.length} values for ${count} steps`,
    });
  const unordered = series.steps.findIndex((step, i) => i > 0 && step <= (series.steps[i - 1] as number));
  if (unordered > 0)
    context.addIssue({ code: 'custom', path: ['steps', unordered], message: 'steps must increase' });
}

/** One seed of a run trained over several (the run's own columns then hold their mean). */
const replicaSchema = z.object({ seed: z.number().int(), ...seriesFields }).superRefine(checkColumns);

const runSchema = z
  .object({
    id: runConfigSchema.shape.id,
    name: runConfigSchema.shape.name,
    color: runConfigSchema.shape.color,
    optimizer: runConfigSchema.shape.optimizer,
    /** Forward-backward passes per step, for the "gradient evaluations" axis. */
    gradEvalsPerStep: z.number().positive().optional(),
    ...seriesFields,
    replicas: z.array(replicaSchema).max(MAX_SEEDS).optional(),
  })
  .superRefine(checkColumns);

const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.literal(BUNDLE_VERSION),
  config: z.unknown(),
  runs: z.array(runSchema).min(1, 'the bundle has no runs'),
  events: z.array(eventSchema),
  environment: z.looseObject({
    appVersion: z.string(),
    timestamp: z.string(),
    userAgent: z.string(),
    backend: z.unknown().optional(),
    adapter: z.unknown().optional(),
  }),
});

/** Recorded columns as the app uses them after import: NaN for "not measured". */
export interface BundleSeries {
  readonly steps: number[];
  readonly wallMs?: number[];
  readonly metrics: Partial<Record<StepMetricName, number[]>>;
  readonly evaluations: Omit<EvaluationRecord, 'runId' | 'replica'>[];
  readonly divergedAtStep?: number;
}

/** A run as the app uses it after import; over several seeds, each seed's own series too. */
export interface BundleRun extends BundleSeries {
  readonly id: string;
  readonly name: string;
  readonly color?: string;
  readonly optimizer: OptimizerName;
  readonly gradEvalsPerStep?: number;
  readonly replicas?: (BundleSeries & { readonly seed: number })[];
}

export interface Bundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly bundleVersion: typeof BUNDLE_VERSION;
  readonly config: ExperimentConfig | unknown;
  readonly runs: BundleRun[];
  readonly events: BundleEvent[];
  readonly environment: {
    appVersion: string;
    timestamp: string;
    userAgent: string;
    backend?: unknown;
    adapter?: unknown;
    [key: string]: unknown;
  };
}

export type ParsedBundle =
  | { ok: true; bundle: Bundle; config?: ExperimentConfig; warnings: string[] }
  | { ok: false; problems: string[] };

/** `runs[1].metrics.loss` from a zod path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    '',
  );
}

const toNumbers = (column: readonly (number | null)[]) => column.map((v) => (v === null ? Number.NaN : v));

type ParsedSeries = z.infer<typeof replicaSchema>;

/** Known metric columns and evaluations with NaN for JSON's nulls; an unknown metric is a warning. */
function seriesData(
  series: Pick<ParsedSeries, 'metrics' | 'evaluations'>,
  runId: string,
  warnings: string[],
): Pick<BundleSeries, 'metrics' | 'evaluations'> {
  const metrics: Partial<Record<StepMetricName, number[]>> = {};
  for (const [name, column] of Object.entries(series.metrics)) {
    const current = currentMetricName(name);
    if ((STEP_METRICS as readonly string[]).includes(current))
      metrics[current as StepMetricName] = toNumbers(column);
    else warnings.push(`run ${quote(runId)}: unknown metric ${quote(name)} was ignored`);
  }
  const evaluations = series.evaluations.map(({ noisyTrueAccuracy, noisyLabelAccuracy, boundary, ...e }) => ({
    ...e,
    testLoss: e.testLoss ?? Number.NaN,
    testAccuracy: e.testAccuracy ?? Number.NaN,
    perClassAccuracy: e.perClassAccuracy ? toNumbers(e.perClassAccuracy) : undefined,
    ...(noisyTrueAccuracy === undefined ? {} : { noisyTrueAccuracy: noisyTrueAccuracy ?? Number.NaN }),
    ...(noisyLabelAccuracy === undefined ? {} : { noisyLabelAccuracy: noisyLabelAccuracy ?? Number.NaN }),
    ...(boundary ? { boundary: Uint8Array.from(boundary) } : {}),
  }));
  return { metrics, evaluations };
}

/** Raw control characters (other than tab and line breaks) never occur in JSON text, but fill binary files. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) return true;
  }
  return false;
}

/** Says which version a bundle from a newer app has and which this page reads, as links do. */
function bundleVersionProblem(version: unknown): string | undefined {
  if (version === BUNDLE_VERSION) return undefined;
  if (Number.isInteger(version) && (version as number) > BUNDLE_VERSION)
    return `bundleVersion: this bundle comes from a newer version of the app (bundleVersion ${version}); this page reads bundleVersion ${BUNDLE_VERSION}`;
  return `bundleVersion: must be ${BUNDLE_VERSION}, got ${clip(JSON.stringify(version) ?? 'nothing')}`;
}

/**
 * Parses a bundle file's text; never throws. Problems name the field (`runs[1].name: …`) in one short
 * line each, whatever the file holds; `maxBytes` is the size limit (a text's length in characters,
 * which is at most its size in bytes).
 */
export function parseBundle(text: string, maxBytes: number = MAX_IMPORT_BYTES.bundle): ParsedBundle {
  const tooBig = bundleSizeProblem(text.length, maxBytes);
  if (tooBig) return { ok: false, problems: [tooBig] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // A binary file's parse error would only quote its bytes: say what it is and stop there.
    if (hasControlCharacters(text)) return { ok: false, problems: ['not a JSON file'] };
    return { ok: false, problems: [`not a JSON file: ${clip((error as Error).message)}`] };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof json !== 'object' || json === null || format !== BUNDLE_FORMAT)
    return { ok: false, problems: [`not a SAM Playground bundle: "format" must be "${BUNDLE_FORMAT}"`] };
  const versionProblem = bundleVersionProblem((json as { bundleVersion?: unknown }).bundleVersion);
  if (versionProblem) return { ok: false, problems: [versionProblem] };
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues
        .slice(0, 5)
        .map((i) => `${clip(pathText(i.path)) || 'bundle'}: ${clip(i.message)}`),
    };
  const warnings: string[] = [];
  const runs = parsed.data.runs.map(
    ({ replicas, ...run }): BundleRun => ({
      ...run,
      ...seriesData(run, run.id, warnings),
      ...(replicas
        ? { replicas: replicas.map((replica) => ({ ...replica, ...seriesData(replica, run.id, warnings) })) }
        : {}),
    }),
  );
  const config = experimentConfigSchema.safeParse(configWithCurrentKnobNames(parsed.data.config));
  if (!config.success)
    warnings.push(
      `its config is not valid here (${clip(pathText(config.error.issues[0]?.path ?? []))}: ${clip(config.error.issues[0]?.message ?? '')}); showing its curves only`,
    );
  const events = parsed.data.events.map((event) =>
    event.kind === 'hyperparams' ? { ...event, key: currentKnobName(event.key) } : event,
  );
  const bundle: Bundle = {
    ...parsed.data,
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    runs,
    events,
  };
  return { ok: true, bundle, warnings, ...(config.success ? { config: config.data } : {}) };
}

/** The bundle as JSON text (NaN and ±Infinity become null, as JSON has no such numbers; a decision boundary a plain array). */
export function stringifyBundle(bundle: Bundle): string {
  return JSON.stringify(bundle, (_key, value) => (value instanceof Uint8Array ? Array.from(value) : value));
}
