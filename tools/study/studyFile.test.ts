import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../src/engine/data/synthetic';
import { quickVersion } from './definition';
import { runStudy } from './runStudy';
import { loadStudyFile, resolveStudyFile } from './studyFile';

const dataset = syntheticDataset({ trainCount: 256, testCount: 64, imageShape: [28, 28, 1], numClasses: 10 });
const provenance = { command: 'test', commit: 'test' };

async function exampleStudy() {
  const file = resolveStudyFile('example');
  if (!file) throw new Error('studies/example/study.ts is missing');
  const loaded = await loadStudyFile(file);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return { study: quickVersion(loaded.study), runs: loaded.runs };
}

describe('a user-written study file', () => {
  it('runs the example study and writes a report with its hypothesis, figure and results', async () => {
    const { study, runs } = await exampleStudy();
    const out = await mkdtemp(join(tmpdir(), 'study-'));
    const { replicas } = await runStudy(study, runs, dataset, out, provenance, () => {});
    const report = await readFile(join(out, 'REPORT.md'), 'utf8');
    expect(report).toContain(study.hypotheses[0]?.statement);
    expect(report).toMatch(/\*\*Verdict: (reproduced|not reproduced|inconclusive at this scale)\.\*\*/);
    expect(await readFile(join(out, 'figure-1-testAccuracy-clean.svg'), 'utf8')).toContain('<polyline');
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(results.replicas).toHaveLength(study.seeds);
    expect(replicas.map((r) => Object.keys(r.finals))).toEqual([
      ['sgd', 'sam'],
      ['sgd', 'sam'],
    ]);
  });

  it('resumes from the replicas cached by an earlier run instead of training them again', async () => {
    const { study, runs } = await exampleStudy();
    const out = await mkdtemp(join(tmpdir(), 'study-'));
    const first = await runStudy(study, runs, dataset, out, provenance, () => {});
    const lines: string[] = [];
    const second = await runStudy(study, runs, dataset, out, provenance, (line) => lines.push(line));
    expect(lines.filter((l) => l.endsWith(': cached'))).toHaveLength(study.seeds);
    expect(second.replicas).toEqual(first.replicas);
  });

  it('names the file and the field when a study file is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'study-'));
    const file = join(dir, 'bad.mjs');
    await writeFile(file, "export default { title: 'x', claim: 'y', dataset: 'imagenet' };\n");
    const loaded = await loadStudyFile(file);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors.join('\n')).toMatch(/bad\.mjs: dataset:/);
  });

  it('names an unknown method in the study file', async () => {
    const { study } = await exampleStudy();
    const dir = await mkdtemp(join(tmpdir(), 'study-'));
    const file = join(dir, 'unknown.mjs');
    await writeFile(
      file,
      `export default ${JSON.stringify({ ...study, methods: ['sgd', 'sam', 'adam'] })};\n`,
    );
    const loaded = await loadStudyFile(file);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors.join('\n')).toMatch(/methods: unknown optimizer "adam"/);
  });
});
