import { describe, expect, it } from 'vitest';
import { linearAxis, logAxis, niceStep, xAxis } from './axisTicks';

describe('axis ticks', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(2.3, 4)).toBe(1);
    expect(niceStep(248, 5)).toBe(50);
  });

  it('widens a y range to round ends: accuracy from 0.09375 to 0.92 → 0 … 1', () => {
    expect(linearAxis(0.09375, 0.92)).toEqual({ domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] });
    expect(linearAxis(0.09375, 1).domain).toEqual([0, 1.04]);
  });

  it('leaves room for a line on a round value, but not below 0', () => {
    const { domain, ticks } = linearAxis(0.05, 0.2);
    expect(domain[0]).toBeLessThan(0.05);
    expect(domain[1]).toBeGreaterThan(0.2);
    expect(ticks).toEqual([0.05, 0.1, 0.15, 0.2]);
    expect(linearAxis(0, 2.3).domain[0]).toBe(0);
  });

  it('keeps float noise out of tick labels', () => {
    const { ticks } = linearAxis(0.1, 0.7, 6);
    expect(ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('gives a flat series a visible range', () => {
    expect(linearAxis(0.05, 0.05).domain[0]).toBeLessThan(0.05);
  });

  it('treats a range inside float noise as flat (a smoothed constant differs in its last bit)', () => {
    const { ticks } = linearAxis(0.09375, 0.09375000000000001);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThan(10);
  });

  it('spans whole decades on a log axis', () => {
    expect(logAxis(0.03, 2.4)).toEqual({ domain: [0.01, 10], ticks: [0.01, 0.1, 1, 10] });
  });

  it('starts the x-axis at 0 and ends it at the first round tick after the data', () => {
    expect(xAxis(0.31, 248)).toEqual({ domain: [0, 250], ticks: [0, 50, 100, 150, 200, 250] });
    expect(xAxis(0, 1000)).toEqual({ domain: [0, 1000], ticks: [0, 200, 400, 600, 800, 1000] });
    expect(xAxis(0, 0.7).domain).toEqual([0, 0.8]);
  });

  it('keeps the same x-axis while the data grows between two ticks (the chart frame is not redrawn)', () => {
    expect(xAxis(0, 1010)).toEqual(xAxis(0, 1190));
  });
});
