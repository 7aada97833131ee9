import { describe, expect, it } from 'vitest';
import { bandAt } from './seedLines';
import { bandPath } from './seriesGeometry';

const spread = { std: [1, 2, 0.5], min: [0, 1, 2], max: [4, 5, 6] };
const mean = [2, 3, 4];
const x = (i: number) => 10 * i;

describe('seed bands', () => {
  it('spans mean ± std at the line points', () => {
    expect(bandAt([0, 2], mean, spread, 'std', 0, x)).toEqual([
      { x: 0, low: 1, high: 3, std: 1 },
      { x: 20, low: 3.5, high: 4.5, std: 0.5 },
    ]);
  });

  it('spans min to max in the min–max mode, still reading the std', () => {
    expect(bandAt([1], mean, spread, 'minmax', 0, x)).toEqual([{ x: 10, low: 1, high: 5, std: 2 }]);
  });

  it('leaves out points where the spread is unknown (one seed left)', () => {
    const oneSeed = { std: [Number.NaN], min: [2], max: [2] };
    expect(bandAt([0], [2], oneSeed, 'std', 0, x)).toEqual([]);
  });

  it('draws a closed area along the highs and back along the lows', () => {
    const identity = (v: number) => v;
    const band = [
      { x: 0, low: 1, high: 3 },
      { x: 10, low: 2, high: 5 },
    ];
    expect(bandPath(band, identity, identity)).toBe('M0,3L10,5L10,2L0,1Z');
  });
});
