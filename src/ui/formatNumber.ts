/**
 * The one way this app writes a number for people and files: the page, the summary table, chart
 * axes and tooltips, and the CSV. Values too large or too small to read as plain decimals take an
 * exponent (`1.2e20`, `3e-5`), never a 21-digit integer or a row of zeros; non-finite values read as
 * `NaN`, `∞` and `−∞` (files leave them empty instead).
 */

/** At or above this magnitude a number takes an exponent. */
const LARGE = 1e5;
/** Below this magnitude (and not 0) a number takes an exponent. */
const SMALL = 1e-3;

const needsExponent = (value: number) => {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= LARGE || magnitude < SMALL);
};

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '∞' : '−∞';
}

/** `1.20e+20` → `1.2e20`: no trailing zeros, no plus sign. */
function exponentText(value: number, significant: number): string {
  const [mantissa = '', exponent = ''] = value.toExponential(Math.max(0, significant - 1)).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${trimmed}e${exponent.replace('+', '')}`;
}

/** `significant` significant digits, trailing zeros dropped: 2.30258 → "2.3", 0.05 → "0.05". */
export function formatNumber(value: number, significant = 3): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (needsExponent(value)) return exponentText(value, significant);
  // Large plain numbers keep their integer digits: 12,345.6 at 3 digits is 12346, not 12300.
  const digits = Math.max(significant, Math.floor(Math.log10(Math.abs(value) || 1)) + 1);
  return String(Number(value.toPrecision(digits)));
}

/** A fixed number of decimals for table columns (0.812, 2.3026), with the same exponent rule. */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  if (needsExponent(value) && Math.abs(value) >= LARGE) return exponentText(value, decimals + 1);
  return value.toFixed(decimals);
}

/**
 * The fewest digits that read back as the same float32 (the worker's numbers are float32), for
 * files; non-finite values are empty. Values that are not float32 (a mean in float64) are first
 * rounded to float32, so they too print with at most 9 digits.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return '';
  const single = Math.fround(value);
  for (let digits = 1; digits < 9; digits++)
    if (Math.fround(Number(single.toPrecision(digits))) === single) return formatNumber(single, digits);
  return formatNumber(single, 9);
}
