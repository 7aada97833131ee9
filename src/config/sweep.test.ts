import { describe, expect, it } from 'vitest';
import { encodeSweep, parseSweep, type SweptRunRef } from './sweep';

const RUNS: SweptRunRef[] = [
  { id: 'sgd', optimizer: 'sgd' },
  { id: 'sam', optimizer: 'sam' },
  { id: 'bisam-log', optimizer: 'bisam-log' },
];

describe('parseSweep', () => {
  it('reads one axis of a run', () => {
    expect(parseSweep('sam.rho:0.01,0.02,0.05,0.1,0.2', RUNS)).toEqual({
      axes: [{ runId: 'sam', key: 'rho', values: [0.01, 0.02, 0.05, 0.1, 0.2] }],
      problems: [],
    });
  });

  it('reads a 2-D sweep of one run and axes of different runs', () => {
    const { axes, problems } = parseSweep('sam.rho:0.02,0.05;sam.lr:0.01,0.1;bisam-log.bisamMu:0.5,1', RUNS);
    expect(problems).toEqual([]);
    expect(axes.map((a) => `${a.runId}.${a.key}`)).toEqual(['sam.rho', 'sam.lr', 'bisam-log.bisamMu']);
  });

  it('round-trips what it encodes', () => {
    const text = 'sam.rho:0.02,0.05;sam.m:16,32';
    expect(encodeSweep(parseSweep(text, RUNS).axes)).toBe(text);
  });

  it.each([
    ['nope.rho:0.1', /no run with id "nope" \(runs: sgd, sam, bisam-log\)/],
    ['sam.gamma:0.1', /"gamma" is not a hyperparameter/],
    ['sam.adaptive:0,1', /adaptive is on\/off/],
    ['sgd.bisamMu:1,2', /SGD does not read bisamMu/],
    ['sam.rho:0.1,abc', /"abc" is not a number/],
    ['sam.rho:-1,0.1', /-1: .* must be/],
    ['sam.rho:0.1,0.1', /lists a value twice/],
    ['sam.m:1.5', /1\.5: .* whole number/],
    ['samrho', /expected run\.knob:value/],
  ])('drops the bad axis %s and says why', (text, message) => {
    const { axes, problems } = parseSweep(text, RUNS);
    expect(axes).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('refuses a third axis on one run and a repeated axis', () => {
    const { axes, problems } = parseSweep('sam.rho:0.1;sam.lr:0.1;sam.m:32;sam.rho:0.2', RUNS);
    expect(axes).toHaveLength(2);
    expect(problems).toEqual([
      'sweep "sam.m:32" was dropped: a run sweeps at most 2 hyperparameters',
      'sweep "sam.rho:0.2" was dropped: "sam.rho" is swept already',
    ]);
  });
});
