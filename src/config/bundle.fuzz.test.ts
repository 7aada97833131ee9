/**
 * Fuzzing bundle import: random valid bundles round-trip exactly; a valid bundle with one value of
 * the wrong type, one rule broken or its text truncated is refused naming the field; any JSON or
 * text is answered without throwing; 10 MB values leave every message one short line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../methods/metas';
import { anyJson, fuzzOptions, HUGE_CASES, hostileText, hugeFuzzOptions, TEN_MB } from '../testing/fuzz';
import { randomConfig, seededRandom } from '../testing/randomConfig';
import {
  BUNDLE_FORMAT,
  type Bundle,
  type BundleEvent,
  type BundleRun,
  parseBundle,
  stringifyBundle,
} from './bundle';
import { STEP_METRICS } from './metrics';

/** Finite numbers; -0 is written as 0 by JSON, so it is left out of "round-trips exactly". */
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));
/** A metric value: a number, or NaN for "not measured" (JSON null). */
const measured = fc.oneof(finite, fc.constant(Number.NaN));
const text = (maxLength: number) =>
  fc.string({ unit: 'binary', minLength: 1, maxLength }).filter((s) => s.length <= maxLength);

const evaluation = fc.record(
  {
    step: fc.nat(),
    testLoss: measured,
    testAccuracy: measured,
    perClassAccuracy: fc.array(measured, { maxLength: 10 }),
    confusion: fc.array(fc.array(finite, { maxLength: 4 }), { maxLength: 4 }),
  },
  { requiredKeys: ['step', 'testLoss', 'testAccuracy'] },
);

/** Steps (increasing), metric columns as long, training times and evaluations: a run's or a seed's. */
const series = fc.uniqueArray(fc.nat({ max: 1_000_000 }), { maxLength: 12 }).chain((unsorted) => {
  const steps = [...unsorted].sort((a, b) => a - b);
  const column = (values: fc.Arbitrary<number>) =>
    fc.array(values, { minLength: steps.length, maxLength: steps.length });
  const metrics = fc
    .subarray([...STEP_METRICS])
    .chain((names) => fc.tuple(...names.map((name) => column(measured).map((c) => [name, c] as const))))
    .map((entries) => Object.fromEntries(entries));
  return fc.record(
    {
      steps: fc.constant(steps),
      wallMs: column(finite),
      metrics,
      evaluations: fc.array(evaluation, { maxLength: 4 }),
      divergedAtStep: fc.nat(),
    },
    { requiredKeys: ['steps', 'metrics', 'evaluations'] },
  );
});

/** A run, over one seed or several (each seed's own series beside the run's mean). */
const run: fc.Arbitrary<BundleRun> = fc
  .tuple(
    series,
    fc.record(
      {
        id: text(64),
        name: text(80),
        color: fc.integer({ min: 0, max: 0xffffff }).map((c) => `#${c.toString(16).padStart(6, '0')}`),
        optimizer: fc.constantFrom(...OPTIMIZER_NAMES),
        gradEvalsPerStep: fc.double({ min: 0.5, max: 8, noNaN: true }),
        replicas: fc.array(
          fc.tuple(fc.integer(), series).map(([seed, s]) => ({ seed, ...s })),
          { minLength: 2, maxLength: 3 },
        ),
      },
      { requiredKeys: ['id', 'name', 'optimizer'] },
    ),
  )
  .map(([columns, fields]) => ({ ...fields, ...columns }));

const event: fc.Arbitrary<BundleEvent> = fc.oneof(
  fc.record({
    kind: fc.constant('hyperparams' as const),
    runId: text(20),
    step: fc.nat(),
    key: text(20),
    from: fc.oneof(finite, fc.string(), fc.boolean()),
    to: fc.oneof(finite, fc.string(), fc.boolean()),
  }),
  fc.record(
    { kind: fc.constant('runAdded' as const), runId: text(20), step: fc.nat(), parentId: text(20) },
    { requiredKeys: ['kind', 'runId', 'step'] },
  ),
  fc.record({ kind: fc.constant('runRemoved' as const), runId: text(20), step: fc.nat() }),
  fc.record({
    kind: fc.constant('diverged' as const),
    runId: text(20),
    step: fc.nat(),
    message: fc.string(),
  }),
  fc.record(
    {
      kind: fc.constant('restored' as const),
      runId: text(20),
      step: fc.nat(),
      backend: fc.string(),
      robustFrom: fc.nat(),
    },
    { requiredKeys: ['kind', 'runId', 'step', 'backend'] },
  ),
);

const validBundle: fc.Arbitrary<Bundle> = fc.record({
  format: fc.constant(BUNDLE_FORMAT),
  bundleVersion: fc.constant(1 as const),
  // Anything JSON (normalised through JSON, as -0 and the like do not survive it).
  config: fc.oneof(
    fc.integer().map((seed) => randomConfig(seededRandom(seed))),
    anyJson.map((value) => JSON.parse(JSON.stringify(value) ?? 'null')),
  ),
  runs: fc.array(run, { minLength: 1, maxLength: 3 }),
  events: fc.array(event, { maxLength: 6 }),
  environment: fc.record(
    {
      appVersion: fc.string(),
      timestamp: fc.string(),
      userAgent: fc.string(),
      backend: fc.record({ backend: fc.string() }),
      gpu: fc.string(),
    },
    { requiredKeys: ['appVersion', 'timestamp', 'userAgent'] },
  ),
});

type Path = (string | number)[];
type Json = Record<string | number, unknown>;

const valueAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Json)[key], root);

/** `runs[1].metrics.loss`, as the problems write a path. */
const pathText = (path: Path) =>
  path.reduce<string>((t, p) => (typeof p === 'number' ? `${t}[${p}]` : t ? `${t}.${p}` : p), '');

/** Paths of the values a bundle types strictly (not the free-form config, event values or extras). */
function typedLeaves(value: unknown, path: Path = []): Path[] {
  const free = ['config', 'from', 'to', 'backend', 'adapter', 'gpu'];
  if (typeof path.at(-1) === 'string' && free.includes(path.at(-1) as string)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => typedLeaves(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => typedLeaves(v, [...path, k]));
  return [path];
}

/** Writes `value` at `path`; undefined deletes the key. */
function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1)) as Json;
  const key = path.at(-1) as string | number;
  if (value === undefined) delete parent[key];
  else parent[key] = value;
}

/** A problem names the field: the path (or its object, for a union's tag), or the file's format. */
const namesPath = (problems: string[], path: Path) =>
  problems.some(
    (problem) =>
      problem.startsWith(`${pathText(path)}:`) ||
      (path.at(-1) === 'kind' && problem.startsWith(`${pathText(path.slice(0, -1))}:`)) ||
      (path[0] === 'format' && problem.includes('"format"')),
  );

const MAX_MESSAGE_CHARS = 400;
const TOP_LEVEL = ['format', 'bundleVersion', 'config', 'runs', 'events', 'environment', 'bundle'];

/** Every refusal says where: a top-level field's path, or what the file is not. */
const namesAField = (problem: string) =>
  problem === 'not a JSON file' ||
  problem.startsWith('not a JSON file: ') ||
  problem.startsWith('not a SAM Playground bundle: ') ||
  TOP_LEVEL.some((key) => new RegExp(`^${key}[.[:]`).test(problem));

describe('bundle import under fuzzing', () => {
  it('round-trips random valid bundles exactly', () => {
    fc.assert(
      fc.property(validBundle, (bundle) => {
        const parsed = parseBundle(stringifyBundle(bundle));
        if (!parsed.ok) throw new Error(parsed.problems.join('; '));
        expect(parsed.bundle).toEqual(bundle);
      }),
      fuzzOptions(0.5),
    );
  });

  it('refuses a valid bundle with one value of the wrong type, naming that field', () => {
    const mutation = fc.tuple(validBundle, fc.nat(), anyJson, hostileText);
    fc.assert(
      fc.property(mutation, ([bundle, pick, other, word]) => {
        const json = JSON.parse(stringifyBundle(bundle));
        const leaves = typedLeaves(json);
        const path = leaves[pick % leaves.length] as Path;
        const original = valueAt(json, path);
        // Numbers (and null, "not measured") become text; texts become anything but text.
        const wrong = typeof original === 'string' ? (typeof other === 'string' ? 0 : other) : word;
        setAt(json, path, wrong);
        const parsed = parseBundle(JSON.stringify(json));
        expect(parsed.ok, pathText(path)).toBe(false);
        if (!parsed.ok) expect(namesPath(parsed.problems, path), parsed.problems.join('\n')).toBe(true);
      }),
      fuzzOptions(0.5),
    );
  });

  it('refuses a valid bundle with one rule broken, naming that field', () => {
    /** Where to write, what (undefined deletes the key; a function reads the bundle) and the field named. */
    type Break = { at: Path; value: unknown; named?: Path };
    const firstRun = (json: Json) => (json.runs as Json[])[0] as Json;
    const firstSteps = (json: Json) => firstRun(json).steps as number[];
    /** New steps of another length: the run's columns go, so that the steps are the one thing wrong. */
    const steps = (values: number[]) => (json: Json) => {
      firstRun(json).metrics = {};
      delete firstRun(json).wallMs;
      return values;
    };
    const breaks: Break[] = [
      { at: ['runs', 0, 'name'], value: 'x'.repeat(81) },
      { at: ['runs', 0, 'id'], value: '' },
      { at: ['runs', 0, 'color'], value: 'red' },
      { at: ['runs', 0, 'optimizer'], value: 'adam' },
      { at: ['runs', 0, 'steps'], value: steps([5, 5]), named: ['runs', 0, 'steps', 1] },
      { at: ['runs', 0, 'steps'], value: steps([-1]), named: ['runs', 0, 'steps', 0] },
      { at: ['runs', 0, 'steps'], value: steps([1.5]), named: ['runs', 0, 'steps', 0] },
      { at: ['runs', 0, 'metrics', 'loss'], value: (j: Json) => [...firstSteps(j), 0] },
      { at: ['runs', 0, 'wallMs'], value: (j: Json) => [...firstSteps(j), 0] },
      { at: ['runs', 0, 'gradEvalsPerStep'], value: -2 },
      { at: ['runs', 0, 'evaluations'], value: undefined },
      {
        at: ['runs', 0, 'evaluations'],
        value: [{ step: -3, testLoss: 1, testAccuracy: 1 }],
        named: ['runs', 0, 'evaluations', 0, 'step'],
      },
      { at: ['bundleVersion'], value: 2 },
      { at: ['runs'], value: [] },
      { at: ['events'], value: [{ kind: 'exploded', runId: 'a', step: 1 }], named: ['events', 0, 'kind'] },
      { at: ['environment', 'userAgent'], value: undefined },
      { at: ['format'], value: undefined },
    ];
    fc.assert(
      fc.property(validBundle, fc.constantFrom(...breaks), (bundle, { at, value, named = at }) => {
        const json = JSON.parse(stringifyBundle(bundle));
        setAt(json, at, typeof value === 'function' ? value(json) : value);
        const path = named;
        const parsed = parseBundle(JSON.stringify(json));
        expect(parsed.ok, pathText(path)).toBe(false);
        if (!parsed.ok) expect(namesPath(parsed.problems, path), parsed.problems.join('\n')).toBe(true);
      }),
      fuzzOptions(0.5),
    );
  });

  it('refuses a truncated file as not JSON', () => {
    fc.assert(
      fc.property(
        validBundle,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (bundle, at) => {
          const full = stringifyBundle(bundle);
          const parsed = parseBundle(full.slice(0, Math.floor(at * full.length)));
          expect(parsed).toEqual({ ok: false, problems: [expect.stringMatching(/^not a JSON file: /)] });
        },
      ),
      fuzzOptions(0.5),
    );
  });

  it('answers any JSON value or text without throwing, each problem naming a field', () => {
    const anyInput = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => JSON.stringify({ format: BUNDLE_FORMAT, bundleVersion: 1, runs: v })),
      fc
        .dictionary(fc.constantFrom(...TOP_LEVEL), anyJson)
        .map((o) => JSON.stringify({ ...o, format: BUNDLE_FORMAT })),
      fc.string({ unit: 'binary' }),
    );
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = parseBundle(input);
        const messages = parsed.ok ? parsed.warnings : parsed.problems;
        if (!parsed.ok) expect(parsed.problems.length).toBeGreaterThan(0);
        for (const message of messages) {
          if (!parsed.ok) expect(namesAField(message), message).toBe(true);
          expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        }
      }),
      fuzzOptions(),
    );
  });

  it(`keeps every message one short line when a field holds 10 MB (${HUGE_CASES} bundles × 6 places)`, () => {
    const huge = 'é'.repeat(TEN_MB / 2);
    const places: { at: Path; value: unknown }[] = [
      { at: ['runs', 0, 'name'], value: huge },
      { at: ['runs', 0, 'metrics', huge], value: [] },
      { at: ['runs', 0, 'optimizer'], value: huge },
      { at: ['format'], value: huge },
      { at: ['environment', 'gpu'], value: huge },
      { at: ['config'], value: { runs: [{ name: huge }] } },
    ];
    fc.assert(
      fc.property(validBundle, (bundle) => {
        for (const { at, value } of places) {
          const json = JSON.parse(stringifyBundle(bundle));
          setAt(json, at, value);
          const parsed = parseBundle(JSON.stringify(json));
          for (const message of parsed.ok ? parsed.warnings : parsed.problems)
            expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        }
      }),
      hugeFuzzOptions(),
    );
  });
});

describe('bundle size limit', () => {
  it('refuses a text over the limit before parsing it, saying both sizes', () => {
    expect(parseBundle('{}'.repeat(600_000), 2 ** 20)).toEqual({
      ok: false,
      problems: ['bundle: the file is 1.1 MB; bundles up to 1 MB can be imported'],
    });
  });

  it('reads a file of exactly the limit', () => {
    fc.assert(
      fc.property(validBundle, (bundle) => {
        const text = stringifyBundle(bundle);
        expect(parseBundle(text, text.length).ok).toBe(true);
      }),
      fuzzOptions(0.05),
    );
  });
});
