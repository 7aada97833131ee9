/**
 * Small self-contained SVG charts for reports (no plotting dependency): lines with a ±std band, and
 * bars with ±std error bars. Plain strings, so a report can be diffed and viewed on GitHub.
 */

export interface BandSeries {
  readonly label: string;
  readonly x: readonly number[];
  readonly mean: readonly number[];
  /** ± this around the mean (0 or NaN: no band at that point). */
  readonly spread: readonly number[];
}

export interface Bar {
  readonly label: string;
  readonly mean: number;
  readonly spread: number;
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 150, top: 36, bottom: 44 };
const COLOURS = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => Number(v.toPrecision(4)).toString();
const finite = (values: readonly number[]) => values.filter((v) => Number.isFinite(v));

function extent(values: readonly number[]): [number, number] {
  const v = finite(values);
  if (v.length === 0) return [0, 1];
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = hi === lo ? Math.abs(hi) * 0.1 || 1 : (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function scale([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  return (v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

function frame(
  title: string,
  xLabel: string,
  yLabel: string,
  body: string,
  yDomain: [number, number],
): string {
  const y = scale(yDomain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const ticks = Array.from({ length: 5 }, (_, i) => yDomain[0] + ((yDomain[1] - yDomain[0]) * i) / 4);
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>` +
        `<text x="${MARGIN.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    grid,
    body,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(14 ${HEIGHT / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
    '</svg>',
  ].join('\n');
}

function legend(labels: readonly string[]): string {
  return labels
    .map((label, i) => {
      const y = MARGIN.top + 16 * i;
      const x = WIDTH - MARGIN.right + 10;
      return `<rect x="${x}" y="${y}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${x + 16}" y="${y + 10}">${escapeXml(label)}</text>`;
    })
    .join('');
}

export function bandChart(
  title: string,
  xLabel: string,
  yLabel: string,
  series: readonly BandSeries[],
): string {
  const lows = series.flatMap((s) =>
    s.mean.map((m, i) => m - (Number.isFinite(s.spread[i]) ? (s.spread[i] as number) : 0)),
  );
  const highs = series.flatMap((s) =>
    s.mean.map((m, i) => m + (Number.isFinite(s.spread[i]) ? (s.spread[i] as number) : 0)),
  );
  const yDomain = extent([...lows, ...highs]);
  const xDomain = extent(series.flatMap((s) => s.x));
  const x = scale(xDomain, [MARGIN.left, WIDTH - MARGIN.right]);
  const y = scale(yDomain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const body = series
    .map((s, k) => {
      const colour = COLOURS[k % COLOURS.length];
      const points = s.x.map((xv, i) => ({
        x: x(xv),
        m: s.mean[i] as number,
        d: Number.isFinite(s.spread[i]) ? (s.spread[i] as number) : 0,
      }));
      const shown = points.filter((p) => Number.isFinite(p.m));
      const upper = shown.map((p) => `${p.x.toFixed(1)},${y(p.m + p.d).toFixed(1)}`);
      const lower = shown.map((p) => `${p.x.toFixed(1)},${y(p.m - p.d).toFixed(1)}`).reverse();
      const line = shown.map((p) => `${p.x.toFixed(1)},${y(p.m).toFixed(1)}`).join(' ');
      return (
        `<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.18"/>` +
        `<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`
      );
    })
    .join('\n');
  const xTicks = Array.from({ length: 5 }, (_, i) => xDomain[0] + ((xDomain[1] - xDomain[0]) * i) / 4)
    .map(
      (t) =>
        `<text x="${x(t)}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${fmt(Math.round(t))}</text>`,
    )
    .join('');
  return frame(title, xLabel, yLabel, body + xTicks + legend(series.map((s) => s.label)), yDomain);
}

export function barChart(title: string, yLabel: string, bars: readonly Bar[]): string {
  const tops = bars.map((b) => b.mean + (Number.isFinite(b.spread) ? b.spread : 0));
  const bottoms = bars.map((b) => b.mean - (Number.isFinite(b.spread) ? b.spread : 0));
  const yDomain = extent([0, ...tops, ...bottoms]);
  const y = scale(yDomain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, bars.length);
  const body = bars
    .map((b, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const left = MARGIN.left + slot * i + slot * 0.2;
      const centre = left + slot * 0.3;
      const bar = Number.isFinite(b.mean)
        ? `<rect x="${left}" y="${Math.min(y(b.mean), y(0))}" width="${slot * 0.6}" height="${Math.abs(y(0) - y(b.mean))}" fill="${colour}"/>`
        : '';
      const error = Number.isFinite(b.spread)
        ? `<line x1="${centre}" x2="${centre}" y1="${y(b.mean - b.spread)}" y2="${y(b.mean + b.spread)}" stroke="black"/>` +
          `<line x1="${centre - 6}" x2="${centre + 6}" y1="${y(b.mean + b.spread)}" y2="${y(b.mean + b.spread)}" stroke="black"/>` +
          `<line x1="${centre - 6}" x2="${centre + 6}" y1="${y(b.mean - b.spread)}" y2="${y(b.mean - b.spread)}" stroke="black"/>`
        : '';
      const label = `<text x="${centre}" y="${HEIGHT - MARGIN.bottom + 14}" text-anchor="middle">${escapeXml(b.label)}</text>`;
      return bar + error + label;
    })
    .join('\n');
  return frame(title, '', yLabel, body, yDomain);
}
