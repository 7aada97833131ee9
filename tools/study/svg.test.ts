import { describe, expect, it } from 'vitest';
import { bandChart, barChart } from './svg';

describe('report charts', () => {
  it('draws one band and one line per series, with the labels in the legend', () => {
    const svg = bandChart('t', 'step', 'acc', [
      { label: 'sam', x: [0, 1, 2], mean: [0.1, 0.5, 0.7], spread: [0, 0.05, 0.02] },
      { label: 'bisam-log', x: [0, 1, 2], mean: [0.1, 0.6, 0.8], spread: [0, 0.04, 0.01] },
    ]);
    expect(svg.match(/<polygon/g)).toHaveLength(2);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('>bisam-log<');
  });

  it('leaves out the error bar of a bar whose spread is unknown (one seed)', () => {
    const svg = barChart('t', 'λ', [
      { label: 'a', mean: 2, spread: 0.5 },
      { label: 'b', mean: 3, spread: Number.NaN },
    ]);
    expect(svg.match(/<rect x="[^"]*" y/g)).toHaveLength(2);
    expect(svg.match(/stroke="black"/g)).toHaveLength(3);
  });

  it('escapes text that would break the XML', () => {
    expect(barChart('a < b & c', 'y', [])).toContain('a &lt; b &amp; c');
  });
});
