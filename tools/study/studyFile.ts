/**
 * A study file on disk → a validated study and its runs. A study file is any .ts/.js module whose
 * default export is a study (written with `defineStudy`); every problem names the file and the field.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunConfig } from '../../src/config/schema';
import { parseStudy, type Study } from './definition';
import { studyRuns } from './runStudy';

/** `name` → studies/<name>/study.ts when that exists; otherwise `name` is a path. Undefined: neither. */
export function resolveStudyFile(name: string, root = 'studies'): string | undefined {
  const named = join(root, name, 'study.ts');
  if (existsSync(named)) return resolve(named);
  return existsSync(name) ? resolve(name) : undefined;
}

export async function loadStudyFile(
  file: string,
): Promise<{ ok: true; study: Study; runs: RunConfig[] } | { ok: false; errors: string[] }> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    return { ok: false, errors: [`${file}: cannot be loaded: ${(error as Error).message}`] };
  }
  if (module.default === undefined)
    return { ok: false, errors: [`${file}: has no default export (export default defineStudy({...}))`] };
  const parsed = parseStudy(module.default);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `${file}: ${e}`) };
  const { runs, errors } = studyRuns(parsed.study);
  if (!runs) return { ok: false, errors: errors.map((e) => `${file}: ${e}`) };
  return { ok: true, study: parsed.study, runs };
}
