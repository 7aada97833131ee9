/**
 * The robust half of `npm run parity:torch`: FGSM and PGD (given start) on the cases of
 * robustParityCases.ts, engine vs tools/bench/torch_robust.py; optionally writes the PyTorch outputs
 * as fixtures for robustParity.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { runTorchScript, tenDigits } from '../common/torchPython';
import { compareRobust, ROBUST_TOLERANCE, runRobustParityCase } from './robustParity';
import {
  ROBUST_FIXTURE_DIR,
  type RobustFixture,
  type RobustParityResult,
  robustFixturePath,
  robustParityCases,
} from './robustParityCases';

export const ROBUST_SCRIPT = 'tools/bench/torch_robust.py';

export interface RobustParityReport {
  /** Markdown: one row per case. */
  readonly table: string;
  /** `case: what differs`, empty when everything agrees. */
  readonly failures: string[];
  readonly written: string[];
}

const rounded = (result: RobustParityResult): RobustParityResult => {
  const r = tenDigits;
  const attack = (rows: RobustParityResult['fgsm']) =>
    rows.map((row) => ({ ...row, values: row.values.map(r), accuracy: r(row.accuracy) }));
  return { fgsm: attack(result.fgsm), pgd: attack(result.pgd) };
};

export async function robustParityCheck(
  torch: { python: string; version: string },
  writeFixtures: boolean,
): Promise<RobustParityReport> {
  const rows: string[][] = [];
  const failures: string[] = [];
  const written: string[] = [];
  for (const { name, case: robustCase } of robustParityCases()) {
    const reference = runTorchScript<RobustParityResult>(torch.python, ROBUST_SCRIPT, robustCase);
    const diff = compareRobust(await runRobustParityCase(robustCase), reference);
    const accuracies = (attack: 'fgsm' | 'pgd') =>
      reference[attack].map((r) => r.accuracy.toFixed(3)).join(' ');
    rows.push([
      name,
      diff.maxPixelDiff.toExponential(1),
      accuracies('fgsm'),
      accuracies('pgd'),
      diff.failures.length === 0 ? 'yes' : `NO (${diff.failures.length})`,
    ]);
    failures.push(...diff.failures.map((failure) => `${name}: ${failure}`));
    if (writeFixtures) {
      mkdirSync(ROBUST_FIXTURE_DIR, { recursive: true });
      const fixture: RobustFixture = {
        name,
        torch: torch.version,
        case: robustCase,
        result: rounded(reference),
      };
      writeFileSync(robustFixturePath(name), `${JSON.stringify(fixture)}\n`);
      written.push(robustFixturePath(name));
    }
  }
  const header = [
    'robust case',
    'max abs Δpixel',
    'FGSM accuracy per ε',
    'PGD accuracy per ε',
    `within ${ROBUST_TOLERANCE}, equal accuracy`,
  ];
  const table = [header, header.map(() => '---'), ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
  return { table, failures, written };
}
