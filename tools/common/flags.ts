/**
 * The one flag parser of the tools (train, parity, parity:torch, bench, profile:wasm), so they all
 * read `--name value`, `--name=value`, `--switch`/`--no-switch` and repeated flags alike. Parsing never
 * throws: it returns every problem found, each naming its flag, and `runTool` prints them and exits
 * with code 2. A flag's name is its key in kebab case: `evalEvery` is `--eval-every`.
 */

export interface IntFlag {
  readonly kind: 'int';
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}
export interface ChoiceFlag<T extends string> {
  readonly kind: 'choice';
  readonly choices: readonly T[];
  readonly fallback: T;
}
/** A comma-separated list, each item one of `choices`. */
export interface ListFlag<T extends string> {
  readonly kind: 'list';
  readonly choices: readonly T[];
  readonly fallback: readonly T[];
}
export interface TextFlag<F extends string | undefined> {
  readonly kind: 'text';
  readonly fallback: F;
}
/** May be given many times; every value, in order. */
export interface RepeatedFlag {
  readonly kind: 'repeated';
}
/** Takes no value; `--no-NAME` turns off one that is on by default. */
export interface SwitchFlag {
  readonly kind: 'switch';
  readonly fallback: boolean;
}

type Flag =
  | IntFlag
  | ChoiceFlag<string>
  | ListFlag<string>
  | TextFlag<string | undefined>
  | RepeatedFlag
  | SwitchFlag;

export const int = (fallback: number, min: number, max: number): IntFlag => ({
  kind: 'int',
  fallback,
  min,
  max,
});
export const choice = <T extends string>(choices: readonly T[], fallback: T): ChoiceFlag<T> => ({
  kind: 'choice',
  choices,
  fallback,
});
export const list = <T extends string>(choices: readonly T[], fallback: readonly T[]): ListFlag<T> => ({
  kind: 'list',
  choices,
  fallback,
});
export function text(): TextFlag<string | undefined>;
export function text(fallback: string): TextFlag<string>;
export function text(fallback?: string): TextFlag<string | undefined> {
  return { kind: 'text', fallback };
}
export const repeated = (): RepeatedFlag => ({ kind: 'repeated' });
export const toggle = (fallback = false): SwitchFlag => ({ kind: 'switch', fallback });

type ValueOf<F> = F extends IntFlag
  ? number
  : F extends ChoiceFlag<infer T>
    ? T
    : F extends ListFlag<infer T>
      ? T[]
      : F extends TextFlag<infer V>
        ? V
        : F extends RepeatedFlag
          ? string[]
          : boolean;

export type FlagValues<S extends Record<string, Flag>> = { -readonly [K in keyof S]: ValueOf<S[K]> };

export interface ParsedFlags<S extends Record<string, Flag>> {
  /** Every flag's value; a flag that was missing or bad has its fallback. */
  readonly values: FlagValues<S>;
  /** The arguments that are not flags, in order (only where the tool takes them). */
  readonly positionals: string[];
  /** `--help` or `-h` was given. */
  readonly help: boolean;
  readonly errors: string[];
}

/** `--eval-every` for `evalEvery`. */
export const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Reads `argv` against `spec`. Problems come in order: unknown or value-less flags as met in `argv`,
 * then bad values in the order of `spec`. `positionals` is how many plain arguments the tool takes.
 */
export function parseFlags<S extends Record<string, Flag>>(
  argv: readonly string[],
  spec: S,
  positionals = 0,
): ParsedFlags<S> {
  const byName = new Map(Object.keys(spec).map((key) => [flagName(key), key]));
  const given = new Map<string, string[]>();
  const errors: string[] = [];
  const plain: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (plain.length < positionals) plain.push(arg);
      else errors.push(`unexpected argument ${arg}`);
      continue;
    }
    const at = arg.indexOf('=');
    const name = arg.startsWith('--') && at > 0 ? arg.slice(0, at) : arg;
    const inline = name === arg ? undefined : arg.slice(at + 1);
    const negated = name.startsWith('--no-') ? byName.get(`--${name.slice(5)}`) : undefined;
    const key = byName.get(name) ?? negated;
    const flag = key === undefined ? undefined : spec[key];
    if (key === undefined || flag === undefined || (negated !== undefined && flag.kind !== 'switch')) {
      errors.push(`unknown flag ${arg}`);
      continue;
    }
    if (flag.kind === 'switch') {
      if (inline !== undefined) errors.push(`${name} takes no value`);
      else given.set(key, [negated === undefined ? 'true' : 'false']);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) errors.push(`${name} needs a value`);
    else given.set(key, [...(flag.kind === 'repeated' ? (given.get(key) ?? []) : []), value]);
  }
  const values: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(spec)) {
    values[key] = readValue(flagName(key), flag, given.get(key), errors);
  }
  return { values: values as FlagValues<S>, positionals: plain, help, errors };
}

function readValue(name: string, flag: Flag, texts: string[] | undefined, errors: string[]): unknown {
  if (flag.kind === 'repeated') return texts ?? [];
  const given = texts?.[texts.length - 1];
  if (given === undefined) return flag.kind === 'list' ? [...flag.fallback] : flag.fallback;
  switch (flag.kind) {
    case 'switch':
      return given === 'true';
    case 'text':
      return given;
    case 'int': {
      const n = Number(given);
      if (Number.isInteger(n) && n >= flag.min && n <= flag.max) return n;
      errors.push(`${name} must be an integer in [${flag.min}, ${flag.max}], got "${given}"`);
      return flag.fallback;
    }
    case 'choice':
      if ((flag.choices as readonly string[]).includes(given)) return given;
      errors.push(`${name} must be one of ${flag.choices.join(', ')}, got "${given}"`);
      return flag.fallback;
    case 'list': {
      const items = given.split(',').map((item) => item.trim());
      const unknown = items.filter((item) => !(flag.choices as readonly string[]).includes(item));
      if (unknown.length === 0) return items;
      errors.push(
        `${name}: unknown ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${flag.choices.join(', ')}`,
      );
      return [...flag.fallback];
    }
  }
}

/** What the user passed is wrong (a flag, a case file): the tool prints each problem and exits with 2. */
export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Parses the flags of a tool whose usage text is `usage`: `--help` prints it and ends the tool with 0
 * (through `runTool`); any problem throws a UsageError.
 */
export function flagsOf<S extends Record<string, Flag>>(
  argv: readonly string[],
  spec: S,
  usage: string,
  positionals = 0,
): Omit<ParsedFlags<S>, 'help' | 'errors'> {
  const parsed = parseFlags(argv, spec, positionals);
  if (parsed.help) throw new HelpRequested(usage);
  if (parsed.errors.length > 0) throw new UsageError(parsed.errors);
  return { values: parsed.values, positionals: parsed.positionals };
}

class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help');
  }
}

/**
 * Runs a tool's `main` on the command line's arguments and exits with its code. Help: the usage, 0.
 * A UsageError: each problem as `NAME: problem`, then the usage where it is one line (else a pointer
 * to --help), 2. Anything else: `NAME: message`, 1.
 */
export function runTool(name: string, usage: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      if (error instanceof HelpRequested) {
        console.log(error.usage);
        process.exit(0);
      }
      for (const line of error.message.split('\n')) console.error(`${name}: ${line}`);
      if (!(error instanceof UsageError)) process.exit(1);
      console.error(usage.includes('\n') ? `${name}: run with --help for usage` : usage);
      process.exit(2);
    },
  );
}
