import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { choice, int, list, parseFlags, repeated, text, toggle } from './flags';

const SPEC = {
  steps: int(500, 1, 1000),
  dataDir: text('public/data'),
  json: text(),
  backend: choice(['cpu', 'wasm'], 'cpu'),
  methods: list(['sgd', 'sam', 'bisam-log'], ['sgd']),
  set: repeated(),
  quick: toggle(),
  torch: toggle(true),
};

describe('parseFlags', () => {
  it('gives every flag its fallback when none is passed', () => {
    expect(parseFlags([], SPEC)).toEqual({
      values: {
        steps: 500,
        dataDir: 'public/data',
        json: undefined,
        backend: 'cpu',
        methods: ['sgd'],
        set: [],
        quick: false,
        torch: true,
      },
      positionals: [],
      help: false,
      errors: [],
    });
  });

  it('reads --name value and --name=value alike, under the kebab-case name of the key', () => {
    const { values, errors } = parseFlags(
      ['--data-dir', 'x', '--steps=7', '--methods', 'sam,bisam-log'],
      SPEC,
    );
    expect(errors).toEqual([]);
    expect([values.dataDir, values.steps, values.methods]).toEqual(['x', 7, ['sam', 'bisam-log']]);
  });

  it('keeps every value of a repeated flag in order, and the last of any other', () => {
    const { values } = parseFlags(['--set', 'a=1', '--steps', '2', '--set=b=2', '--steps', '3'], SPEC);
    expect([values.set, values.steps]).toEqual([['a=1', 'b=2'], 3]);
  });

  it('turns a switch on with --name and off with --no-name', () => {
    const { values } = parseFlags(['--quick', '--no-torch'], SPEC);
    expect([values.quick, values.torch]).toEqual([true, false]);
  });

  it('reports every problem at once, each naming its flag: first as met, then by value in spec order', () => {
    const argv = [
      '--methods',
      'sam,adam',
      '--frob',
      '--steps',
      '0',
      '--quick=1',
      '--no-steps',
      '--backend',
      'gpu',
    ];
    expect(parseFlags([...argv, '--json'], SPEC).errors).toEqual([
      'unknown flag --frob',
      '--quick takes no value',
      'unknown flag --no-steps',
      '--json needs a value',
      '--steps must be an integer in [1, 1000], got "0"',
      '--backend must be one of cpu, wasm, got "gpu"',
      '--methods: unknown "adam"; choose from sgd, sam, bisam-log',
    ]);
  });

  it('takes as many plain arguments as the tool accepts, "-" included, and no more', () => {
    expect(parseFlags(['-', '--quick'], SPEC, 1)).toMatchObject({ positionals: ['-'], errors: [] });
    expect(parseFlags(['a.json', 'b.json'], SPEC, 1).errors).toEqual(['unexpected argument b.json']);
    expect(parseFlags(['a.json'], SPEC).errors).toEqual(['unexpected argument a.json']);
  });

  it('notes --help and -h wherever they stand', () => {
    expect(parseFlags(['--steps', '3', '-h'], SPEC).help).toBe(true);
    expect(parseFlags(['--help', '--frob'], SPEC).help).toBe(true);
  });
});

describe('runTool', () => {
  const run = promisify(execFile);
  const tool = (...args: string[]) => run('node_modules/.bin/tsx', ['tools/cli/parity.ts', ...args]);

  it('exits with 2 after naming the bad flag and printing the one-line usage', async () => {
    const failure = await tool('--backend', 'gpu', 'case.json').catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/^parity: --backend must be one of cpu, wasm, got "gpu"\nusage: npm run/);
  });

  it('prints the usage and exits with 0 on --help', async () => {
    const { stdout } = await tool('--help');
    expect(stdout).toMatch(/^usage: npm run --silent parity -- CASE\.json/);
  });
});
