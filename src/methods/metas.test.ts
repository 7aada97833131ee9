import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_KNOBS } from './common/knobs';
import { OPTIMIZER_INFO, OPTIMIZER_NAMES } from './metas';

/** Every module metas.ts pulls in, by following relative imports from it. */
function importGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g))
      visit(`${resolve(dirname(file), spec as string)}.ts`);
  };
  visit(entry);
  return seen;
}

/** The folder a method's meta lives in names its family: `ssam` for ssam-f and ssam-d. */
const family = (name: string) => name.split('-')[0] as string;

describe('the method metas', () => {
  it('import no tfjs, so the page bundle stays small', () => {
    const graph = importGraph(fileURLToPath(new URL('./metas.ts', import.meta.url)));
    expect(graph.size).toBeGreaterThan(OPTIMIZER_NAMES.length / 2);
    for (const [file, text] of graph) expect(text, file).not.toMatch(/from '@tensorflow\//);
  });

  it('name each method-specific knob and metric with the method family as prefix', () => {
    for (const name of OPTIMIZER_NAMES) {
      const meta = OPTIMIZER_INFO[name];
      for (const key of [...Object.keys(meta.knobs), ...Object.keys(meta.metrics)])
        expect(key, `${name}: ${key}`).toMatch(new RegExp(`^${family(name)}[A-Z]`));
    }
  });

  it('list only knobs that are shared or their own', () => {
    for (const name of OPTIMIZER_NAMES) {
      const meta = OPTIMIZER_INFO[name];
      for (const key of meta.hyperparams)
        expect(key in SHARED_KNOBS || key in meta.knobs, `${name}: ${key}`).toBe(true);
    }
  });
});
