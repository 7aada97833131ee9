/**
 * A chart as a standalone SVG or PNG file: the chart's SVG with its CSS variables resolved to the
 * current theme's colours, a background and the title, and (for PNG) drawn onto a canvas at 2×.
 */

const TITLE_HEIGHT = 28;

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);

/** The chart's SVG as a file of its own; `var(--x)` colours become the theme's values. */
export function chartSvg(svg: SVGSVGElement, title: string): { text: string; width: number; height: number } {
  const { width, height } = svg.getBoundingClientRect();
  const styles = getComputedStyle(document.documentElement);
  const color = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
  const inner = new XMLSerializer()
    .serializeToString(svg)
    .replace(/var\((--[\w-]+)\)/g, (_, name: string) => color(name, '#888888'));
  const total = height + TITLE_HEIGHT;
  const text = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="${color('--panel', '#ffffff')}"/>`,
    `<text x="10" y="19" font-size="14" font-weight="600" fill="${color('--fg', '#111827')}">${escapeXml(title)}</text>`,
    `<g transform="translate(0, ${TITLE_HEIGHT})">${inner}</g>`,
    '</svg>',
  ].join('');
  return { text, width, height: total };
}

/** The SVG rasterised at `scale`× (a data URL keeps the canvas untainted). */
export function svgToPng(svg: { text: string; width: number; height: number }, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(svg.width * scale);
      canvas.height = Math.ceil(svg.height * scale);
      const context = canvas.getContext('2d');
      if (!context) return reject(new Error('this browser cannot draw on a canvas'));
      context.scale(scale, scale);
      context.drawImage(image, 0, 0);
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
        'image/png',
      );
    };
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`;
  });
}
