/** The probe half of `npm run parity:torch`: engine probes vs tools/bench/torch_probe_parity.py, with fixtures. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ADVERSARIES } from '../../src/config/probes';
import { runTorchScript, tenDigits } from '../common/torchPython';
import {
  type ProbeParityCase,
  type ProbeParityResult,
  probeParityCases,
  probeVectors,
  runProbeParityCase,
} from './probeParity';
import { compareProbeParity, type ProbeParityDiff } from './probeParityCompare';
import { TORCH_FIXTURE_DIR, torchFixturePath } from './torchParityCases';

export const PROBE_SCRIPT = 'tools/bench/torch_probe_parity.py';

export interface ProbeFixture {
  name: string;
  torch: string;
  case: ProbeParityCase;
  result: ProbeParityResult;
}

function rounded(result: ProbeParityResult): ProbeParityResult {
  const common = Object.fromEntries(
    ADVERSARIES.map((k) => [k, result.common[k]] as const).map(([k, v]) => [
      k,
      { lossIncrease: tenDigits(v.lossIncrease), errorIncrease: tenDigits(v.errorIncrease), flips: v.flips },
    ]),
  ) as ProbeParityResult['common'];
  return {
    powerIteration: result.powerIteration.map(tenDigits),
    quadraticForms: result.quadraticForms.map(tenDigits),
    common,
    eigenvalues: result.eigenvalues?.map(tenDigits),
    trace: result.trace === undefined ? undefined : tenDigits(result.trace),
  };
}

/** Runs every probe case on both sides; with `writeFixtures`, returns the fixture files written. */
export async function probeParityRows(
  torch: { python: string; version: string },
  writeFixtures: boolean,
): Promise<{ rows: { name: string; diff: ProbeParityDiff }[]; written: string[] }> {
  const rows: { name: string; diff: ProbeParityDiff }[] = [];
  const written: string[] = [];
  for (const c of probeParityCases()) {
    const reference = runTorchScript<ProbeParityResult>(torch.python, PROBE_SCRIPT, {
      ...c,
      ...probeVectors(c),
    });
    const engine = await runProbeParityCase(c);
    rows.push({ name: c.name, diff: compareProbeParity(engine, reference) });
    if (writeFixtures) {
      mkdirSync(TORCH_FIXTURE_DIR, { recursive: true });
      const fixture: ProbeFixture = {
        name: c.name,
        torch: torch.version,
        case: c,
        result: rounded(reference),
      };
      writeFileSync(torchFixturePath(c.name), `${JSON.stringify(fixture)}\n`);
      written.push(torchFixturePath(c.name));
    }
  }
  return { rows, written };
}
