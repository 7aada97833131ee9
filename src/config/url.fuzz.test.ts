/**
 * Fuzzing the share-link decoder: random query strings, valid links with one field or one run setting
 * broken, and huge links. The decoder must never throw, must always return a valid config, must name
 * the field behind every problem (in one short line), and must leave every other field as linked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzOptions, HUGE_CASES, hostileText, hugeFuzzOptions, TEN_MB } from '../testing/fuzz';
import { randomConfig, seededRandom } from '../testing/randomConfig';
import { DEFAULT_CONFIG } from './defaults';
import { HYPERPARAM_KNOBS, type HyperparamKey } from './optimizers';
import { quote } from './quote';
import { type ExperimentConfig, experimentConfigSchema } from './schema';
import { decodeConfig, encodeConfig, MAX_LINK_CHARS, URL_FIELDS } from './url';
import { encodeRuns } from './urlRuns';
import { escapeText, splitTopLevel } from './urlTokens';

const decode = (search: string) => decodeConfig(search, DEFAULT_CONFIG);

/** A problem names `key` when it starts with it (`batch=…`, `runs: …`) or quotes it (`parameter "x"`, `(v="3")`). */
const namesKey = (problem: string, key: string) =>
  [`${key}=`, `${key}:`, `${key} `].some((start) => problem.startsWith(start)) ||
  problem.includes(`(${key}=`) ||
  problem.includes(`parameter ${quote(key)}`);

/** Problems are one line each: a clipped quote, the field, the rule; never the whole huge input. */
const MAX_PROBLEM_CHARS = 400;

const validConfig = fc.integer().map((seed) => randomConfig(seededRandom(seed)));

/** Query parameters: the link's own keys and hostile ones, each with a hostile value. */
const hostileParams = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom('v', ...URL_FIELDS.map((f) => f.key)), hostileText), hostileText),
  { maxLength: 8 },
);

/** The config properties each link field may change; a broken field must leave the rest alone. */
const FIELD_PROPS: Record<string, readonly (keyof ExperimentConfig)[]> = {
  v: [],
  data: ['dataset'],
  toyNoise: ['toyNoise'],
  subset: ['subset'],
  noise: ['labelNoise'],
  augment: ['augment'],
  model: ['model', 'layers'],
  layers: ['model', 'layers'],
  batch: ['batchSize'],
  steps: ['steps'],
  seed: ['seed'],
  seeds: ['seeds'],
  evalEvery: ['evalEvery'],
  evalExamples: ['evalExamples'],
  backend: ['backend'],
  // A sweep names runs: a broken `runs` can drop the axes of runs it no longer has.
  runs: ['runs', 'sweep'],
  sweep: ['sweep'],
};

function withParam(config: ExperimentConfig, key: string, value: string): string {
  const params = new URLSearchParams(encodeConfig(config));
  params.set(key, value);
  return `?${params.toString()}`;
}

describe('share-link decoder under fuzzing', () => {
  it('reads any query string without throwing, into a valid config, naming the field of every problem', () => {
    const search = fc.oneof(
      hostileParams.map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    fc.assert(
      fc.property(search, (text) => {
        const { config, problems } = decode(text);
        expect(experimentConfigSchema.safeParse(config).success).toBe(true);
        const keys = [...new URLSearchParams(text).keys()];
        for (const problem of problems) {
          expect(
            keys.some((key) => namesKey(problem, key)),
            problem,
          ).toBe(true);
          expect(problem.length).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
        }
      }),
      fuzzOptions(),
    );
  });

  it('round-trips random valid configs exactly', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        expect(decode(`?${encodeConfig(config)}`)).toEqual({ config, problems: [], version: 2 });
      }),
      fuzzOptions(),
    );
  });

  it('with one field broken, names that field and keeps every other field as linked', () => {
    const brokenField = fc.tuple(validConfig, fc.constantFrom(...Object.keys(FIELD_PROPS)), hostileText);
    fc.assert(
      fc.property(brokenField, ([config, key, value]) => {
        const decoded = decode(withParam(config, key, value));
        for (const problem of decoded.problems) {
          // A sweep names runs: a broken `runs` may leave an axis without its run, which the sweep says.
          const consequence = key === 'runs' && namesKey(problem, 'sweep');
          expect(namesKey(problem, key) || consequence, problem).toBe(true);
          expect(problem.length).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
        }
        const governed = FIELD_PROPS[key] ?? [];
        for (const prop of Object.keys(config) as (keyof ExperimentConfig)[])
          if (!governed.includes(prop)) expect(decoded.config[prop], prop).toEqual(config[prop]);
      }),
      fuzzOptions(),
    );
  });

  it('with one setting of one run broken, names the run and the setting and keeps the other runs', () => {
    const settingKeys = [
      ...(Object.keys(HYPERPARAM_KNOBS) as HyperparamKey[]),
      'schedule',
      'floor',
      'every',
      'factor',
      'warmupSteps',
      'id',
      'name',
      'color',
    ];
    const brokenSetting = fc.tuple(validConfig, fc.nat(), fc.constantFrom(...settingKeys), hostileText);
    fc.assert(
      fc.property(brokenSetting, ([config, pick, key, value]) => {
        const index = pick % config.runs.length;
        const parts = splitTopLevel(encodeRuns(config.runs), ',');
        const part = parts[index] as string;
        const arg = `${key}=${escapeText(value)}`;
        parts[index] = part.endsWith(')') ? `${part.slice(0, -1)},${arg})` : `${part}(${arg})`;
        const decoded = decode(withParam(config, 'runs', parts.join(',')));
        const brokenId = (config.runs[index] as { id: string }).id;
        for (const problem of decoded.problems) {
          // A broken id leaves the run's sweep axes without it: the sweep says so, naming the old id.
          if (problem.startsWith('sweep ') && problem.includes(quote(brokenId))) continue;
          expect(problem.startsWith(`runs: run ${index + 1} `), problem).toBe(true);
          expect(problem).toContain(key);
          expect(problem.length).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
        }
        expect(decoded.config.runs.filter((_, i) => i !== index)).toEqual(
          config.runs.filter((_, i) => i !== index),
        );
      }),
      fuzzOptions(),
    );
  });

  it(`refuses a 10 MB link at once, saying the limit, and keeps the defaults (${HUGE_CASES} cases)`, () => {
    const huge = fc.tuple(fc.constantFrom('?runs=', '?', '?x='), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(huge, ([start, unit]) => {
        const search = `${start}${(unit || 'a').repeat(Math.ceil(TEN_MB / (unit.length || 1)))}`;
        const { config, problems } = decode(search);
        expect(config).toBe(DEFAULT_CONFIG);
        expect(problems).toEqual([expect.stringMatching(/^link: [\d,]+ characters .*at most 32,768/)]);
      }),
      hugeFuzzOptions(),
    );
  });

  it('reads links just under the size limit with every problem still one short line', () => {
    const long = fc.tuple(fc.constantFrom(...URL_FIELDS.map((f) => f.key)), hostileText);
    fc.assert(
      fc.property(long, ([key, unit]) => {
        const value = (unit || '9').repeat(Math.floor(MAX_LINK_CHARS / (unit.length || 1)));
        const search = `?v=2&${new URLSearchParams({ [key]: value }).toString()}`.slice(0, MAX_LINK_CHARS);
        for (const problem of decode(search).problems)
          expect(problem.length, problem.slice(0, 80)).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
      }),
      fuzzOptions(0.05),
    );
  });
});

describe('share-link size limit', () => {
  it('is far above the longest link the app writes', () => {
    const longestNumber = (key: HyperparamKey) => {
      const knob = HYPERPARAM_KNOBS[key];
      if (knob.kind === 'boolean') return !knob.default;
      return knob.integer ? knob.max : Number(((knob.min + Math.min(knob.max, 1e6)) / 3).toPrecision(17));
    };
    const hparams = Object.fromEntries(
      (Object.keys(HYPERPARAM_KNOBS) as HyperparamKey[]).map((key) => [key, longestNumber(key)]),
    );
    const schedule = {
      kind: 'cosine',
      floor: 0.123456789,
      every: 99_999,
      factor: 0.987654321,
      warmupSteps: 99_999,
    };
    const runs = Array.from({ length: 8 }, (_, i) => ({
      id: `${i}${'%'.repeat(31)}`,
      name: '%'.repeat(40),
      color: '#abcdef',
      optimizer: 'bisam-log',
      hparams: { ...hparams, schedule },
    }));
    const conv = {
      type: 'conv2d',
      filters: 512,
      kernelSize: 11,
      strides: 4,
      padding: 'valid',
      activation: 'sigmoid',
    };
    const layers = Array.from({ length: 40 }, () => conv);
    const config = { ...DEFAULT_CONFIG, model: 'custom', layers, runs } as unknown as ExperimentConfig;
    expect(encodeConfig(config).length).toBeLessThan(MAX_LINK_CHARS / 3);
  });
});
