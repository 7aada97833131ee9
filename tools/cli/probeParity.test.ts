/**
 * The engine's probes against committed PyTorch outputs (tools/cli/fixtures/torch/*-probes.json, from
 * `npm run parity:torch -- --write-fixtures`): the exact Hessian's power iteration, quadratic forms and
 * top eigenvalue, and the common-ρ effects, on both Node backends.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { probeParityCases, runProbeParityCase } from './probeParity';
import { compareProbeParity } from './probeParityCompare';
import { torchFixturePath } from './torchParityCases';
import type { ProbeFixture } from './torchProbeParity';

const cases = probeParityCases();
const fixture = (name: string): ProbeFixture => JSON.parse(readFileSync(torchFixturePath(name), 'utf8'));

describe('probes vs PyTorch exact Hessians (committed fixtures)', () => {
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('has a fixture for every case, computed for the case as generated now', () => {
    for (const c of cases) expect(fixture(c.name).case, c.name).toEqual(c);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    for (const c of cases) {
      it(`${c.name} on ${backend} matches λ per iteration, zᵀHz, λ_max and common-ρ`, async () => {
        await tf.setBackend(backend);
        const engine = await runProbeParityCase(c);
        expect(compareProbeParity(engine, fixture(c.name).result).failures).toEqual([]);
      });
    }
  }

  it('fails on a 1% error in ρ', async () => {
    await tf.setBackend('cpu');
    const c = cases[0];
    if (!c) throw new Error('no probe parity case');
    const engine = await runProbeParityCase({ ...c, rho: c.rho * 1.01 });
    expect(compareProbeParity(engine, fixture(c.name).result).failures.length).toBeGreaterThan(0);
  });
});
