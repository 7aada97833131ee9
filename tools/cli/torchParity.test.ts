/**
 * The engine against committed PyTorch outputs (tools/cli/fixtures/torch, from `npm run parity:torch --
 * --write-fixtures`), so machines without torch still check SGD, SAM and BiSAM against an independent
 * implementation of ALGORITHMS.md. Both Node backends are checked, at TORCH_TOLERANCE.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ParityCase, parseParityCase, runParityCase } from './parityCase';
import { type TorchFixture, torchFixturePath, torchParityCases } from './torchParityCases';
import { compareParity, TORCH_TOLERANCE } from './torchParityCompare';

const cases = torchParityCases();
const fixture = (name: string): TorchFixture => JSON.parse(readFileSync(torchFixturePath(name), 'utf8'));

function parsed(raw: unknown): ParityCase {
  const result = parseParityCase(raw);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.value;
}

describe('engine vs PyTorch (committed fixtures)', () => {
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('has a fixture for every case, computed for the case as generated now', () => {
    // A changed generator needs new fixtures: npm run parity:torch -- --write-fixtures (with torch).
    for (const { name, case: raw } of cases) expect(fixture(name).case, name).toEqual(raw);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    for (const { name } of cases) {
      it(`${name} on ${backend} matches PyTorch within atol ${TORCH_TOLERANCE.atol} + rtol ${TORCH_TOLERANCE.rtol}`, async () => {
        await tf.setBackend(backend);
        const { case: raw, result } = fixture(name);
        const engine = await runParityCase(parsed(raw));
        expect(compareParity(engine, result, TORCH_TOLERANCE).failures).toEqual([]);
      });
    }
  }

  it('fails on a 1% error in ρ and on a missing weight decay', async () => {
    await tf.setBackend('cpu');
    const { case: raw, result } = fixture('mlp-bisam-log');
    const c = parsed(raw);
    const wrongRho = await runParityCase({
      ...c,
      optimizer: { ...c.optimizer, rho: c.optimizer.rho * 1.01 },
    });
    expect(compareParity(wrongRho, result, TORCH_TOLERANCE).failures.length).toBeGreaterThan(0);
    const noDecay = await runParityCase({ ...c, optimizer: { ...c.optimizer, weightDecay: 0 } });
    expect(compareParity(noDecay, result, TORCH_TOLERANCE).failures.length).toBeGreaterThan(0);
  });
});
