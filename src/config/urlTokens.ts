/**
 * The small grammar shared by the readable URL lists (`runs=sam(rho=0.1),sgd`, `layers=conv(16,3)-flat`):
 * `name` or `name(arg,arg,…)`, items split at top-level separators only. Free text inside an argument
 * (a run's name) escapes the grammar's characters as %XX, so any name survives the trip.
 */

export interface Token {
  readonly name: string;
  readonly args: string[];
}

/** Splits at `separator` outside parentheses: `a(1,2),b` → [`a(1,2)`, `b`]. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** `name(a,b)` → { name, args: [a, b] }; a problem text when the parentheses do not match. */
export function tokenize(text: string): Token | string {
  // `s`: an argument may hold a newline (a name typed so, or a broken value); it is still one argument.
  const match = /^([A-Za-z0-9_.-]+)(?:\((.*)\))?$/s.exec(text.trim());
  if (!match) return text.trim() === '' ? 'empty entry' : 'expected name or name(arguments)';
  const inner = match[2];
  const args = inner === undefined || inner === '' ? [] : splitTopLevel(inner, ',');
  if (args.some((a) => a.includes('(') || a.includes(')'))) return 'unbalanced parentheses';
  return { name: match[1] as string, args };
}

const GRAMMAR_CHARS = /[%,()=&#+]/g;

/** Escapes the grammar's own characters in free text (the rest is left to the query encoding). */
export const escapeText = (text: string): string =>
  text.replace(GRAMMAR_CHARS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export function unescapeText(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray % that is not an escape: keep the text as typed rather than lose the name.
    return text;
  }
}

/**
 * One query parameter value, percent-encoded except for the characters the readable lists use
 * (`,()=:;-.~_`), which a URL's query may carry as they are.
 */
export const encodeQueryValue = (value: string): string =>
  encodeURIComponent(value)
    .replace(/%2C/g, ',')
    .replace(/%3D/g, '=')
    .replace(/%3A/g, ':')
    .replace(/%3B/g, ';');
