/**
 * `npm run study -- <name|path> [--quick] [--out DIR]`: runs a study file (studies/<name>/study.ts,
 * or any file whose default export is a study) and writes REPORT.md, SVG figures and results.json
 * into its folder (or --out). Exit codes: 0 done, 1 failed, 2 bad flags or a bad study file.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { choice, flagsOf, runTool, text, toggle, UsageError } from '../common/flags';
import { quietTfjs, selectNodeBackend } from '../common/nodeBackend';
import { loadDataset } from '../common/nodeData';
import { quickVersion } from '../study/definition';
import { runStudy } from '../study/runStudy';
import { loadStudyFile, resolveStudyFile } from '../study/studyFile';

export const STUDY_USAGE = `usage: npm run study -- <name | path/to/study.ts> [flags]
  <name>            a folder of studies/ holding study.ts (adversary, generalisation, geometry)
  --quick           the study's tiny version (its "quick" sizes): a smoke run of minutes
  --out DIR         where REPORT.md, the figures and results.json go (default: the study's folder;
                    with --quick, its quick/ subfolder)
  --steps N         reduced run: N training steps instead of the study's (said in the report)
  --seeds N         reduced run: N seeds instead of the study's (said in the report)
  --eval-examples N reduced run: test accuracy on the first N test examples
  --data-dir DIR    folder with the Fashion-MNIST IDX files (default public/data)
  --backend NAME    auto | wasm | cpu (default auto)`;

const STUDY_FLAGS = {
  quick: toggle(),
  out: text(),
  steps: text(),
  seeds: text(),
  evalExamples: text(),
  dataDir: text('public/data'),
  backend: choice(['auto', 'wasm', 'cpu'] as const, 'auto'),
};

function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** `--steps`, `--seeds`, `--eval-examples` as positive integers, each only when given. */
function reducedSizes(
  steps?: string,
  seeds?: string,
  evalExamples?: string,
): { steps?: number; seeds?: number; evalExamples?: number } {
  const errors: string[] = [];
  const read = (flag: string, text: string | undefined, max: number) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (Number.isInteger(value) && value >= 1 && value <= max) return value;
    errors.push(`${flag}: expected an integer from 1 to ${max}, got "${text}"`);
    return undefined;
  };
  const parsed = {
    steps: read('--steps', steps, 1_000_000),
    seeds: read('--seeds', seeds, 10),
    evalExamples: read('--eval-examples', evalExamples, 10_000),
  };
  if (errors.length > 0) throw new UsageError(errors);
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = flagsOf(argv, STUDY_FLAGS, STUDY_USAGE, 1);
  const target = positionals[0];
  if (!target) throw new UsageError(['study: name the study, e.g. npm run study -- generalisation']);
  const file = resolveStudyFile(target);
  if (!file) throw new UsageError([`no studies/${target}/study.ts and no file "${target}"`]);
  const parsed = await loadStudyFile(file);
  if (!parsed.ok) throw new UsageError(parsed.errors);
  const reduced = reducedSizes(values.steps, values.seeds, values.evalExamples);
  const sized = values.quick ? quickVersion(parsed.study) : parsed.study;
  const study = { ...sized, ...reduced };
  const { runs } = parsed;
  const outDir = values.out ?? (values.quick ? join(dirname(file), 'quick') : dirname(file));
  quietTfjs();
  const { backend, note } = await selectNodeBackend(values.backend);
  if (note) console.error(`study: ${note}`);
  const dataset = await loadDataset(study.dataset, values.dataDir);
  console.error(`study: ${study.title}${values.quick ? ' (quick)' : ''} on ${backend}, writing to ${outDir}`);
  const sizeNote = values.quick
    ? `--quick smoke run: ${study.steps} steps, ${study.seeds} seed(s); not evidence either way`
    : Object.keys(reduced).length > 0
      ? `REDUCED run: ${study.steps} steps × ${study.seeds} seeds; the study defines ${sized.steps} steps × ${sized.seeds} seeds${reduced.evalExamples ? `; test accuracy on ${study.evalExamples} test examples instead of ${sized.evalExamples}` : ''}`
      : undefined;
  const command = `npm run study -- ${argv.join(' ')}`;
  const { analysis } = await runStudy(
    study,
    runs,
    dataset,
    outDir,
    { command, commit: commit(), ...(sizeNote ? { sizeNote } : {}) },
    (line) => console.error(`study: ${line}`),
  );
  console.log(`${study.title}: ${analysis.verdict}`);
  for (const h of analysis.hypotheses) console.log(`  ${h.outcome.padEnd(12)} ${h.hypothesis.statement}`);
  console.log(`wrote ${join(outDir, 'REPORT.md')}`);
  return 0;
}

runTool('study', STUDY_USAGE, main);
