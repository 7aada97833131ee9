import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseParityCase, runParityCase } from './parityCase';

const FIXTURE = 'tools/cli/fixtures/linear-zero-bisam-log.json';
const fixture = () => JSON.parse(readFileSync(FIXTURE, 'utf8'));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log(1 + Math.exp(x));
const GAMMA = Math.log(Math.E - 1);

describe('parity case', () => {
  it('reproduces two hand-computed BiSAM (-log) steps on a one-layer linear model with zero weights', async () => {
    // x = 1, label 0, K = 2, W = b = 0, ρ = .05, η = .1, β = .9, λ = 0. By symmetry W and b stay [u, -u].
    // Step 1: z = 0, so L = Q = log 2; ∂Q/∂z = ±½σ(γ) = ±½(1 - 1/e) on each of 4 entries: ‖g_a‖ = 1 - 1/e.
    //   e = ∓.025 per entry; z(w+e) = [-.05, .05]: L(w+e) = log(1 + e^.1); g_d = ±(1 - σ(-.1)) = ±s,
    //   s = σ(.1); w1 = [a, -a] with a = .1·s (first momentum step is plain).
    // Step 2: z = [2a, -2a]: L = log(1 + e^-4a); margin m = -4a, φ(m) = 1 - softplus(γ + 4a), Q = log(1 + e^φ);
    //   ∂Q/∂z = ±σ(φ)·σ(γ + 4a) =: ±c, ‖g_a‖ = 2c; e again ∓.025 per entry: L(w+e) = log(1 + e^-(4a - .1));
    //   g_d = ±σ(.1 - 4a) =: ±d; buf = .9·s + d; w2 = a + .1·(.9·s + d) = .19·s + .1·d.
    const parsed = parseParityCase(fixture());
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const { params, steps } = await runParityCase(parsed.value);
    const s = sigmoid(0.1);
    const a = 0.1 * s;
    const phi = 1 - softplus(GAMMA + 4 * a);
    const c = sigmoid(phi) * sigmoid(GAMMA + 4 * a);
    const d = sigmoid(0.1 - 4 * a);
    const expected = [
      {
        loss: Math.log(2),
        q: Math.log(2),
        ascentGradNorm: 1 - 1 / Math.E,
        perturbationNorm: 0.05,
        perturbedLoss: softplus(0.1),
      },
      {
        loss: softplus(-4 * a),
        q: softplus(phi),
        ascentGradNorm: 2 * c,
        perturbationNorm: 0.05,
        perturbedLoss: softplus(0.1 - 4 * a),
      },
    ];
    expect(steps.length).toBe(2);
    steps.forEach((row, i) => {
      expect(Object.keys(row).sort()).toEqual(Object.keys(expected[i] ?? {}).sort());
      for (const [key, value] of Object.entries(expected[i] ?? {}))
        expect(row[key as keyof typeof row]).toBeCloseTo(value, 6);
    });
    const w2 = 0.19 * s + 0.1 * d;
    expect(params.map((p) => p.shape)).toEqual([[1, 2], [2]]);
    for (const p of params) expect(p.values).toEqual([expect.closeTo(w2, 6), expect.closeTo(-w2, 6)]);
  });

  it('perturbs only the masked weights with a fixed SSAM mask, and never redraws it', async () => {
    // g = ±.5 on each of the 4 entries (‖g‖ = 1); mask [1, 0 | 0, 1] keeps e = [-.025, 0 | 0, .025]:
    // ‖e‖ = .025√2, logits at w+e = [-.025, .025], L(w+e) = log(1 + e^.05), and the step is
    // w = -.1·σ(.05)·[-1, 1 | -1, 1]. SSAM-D would draw a random mask at step 0 without the fixed one.
    const parsed = parseParityCase(
      JSON.parse(readFileSync('tools/cli/fixtures/linear-zero-ssam-mask.json', 'utf8')),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const { params, steps } = await runParityCase(parsed.value);
    expect(steps[0]?.perturbationNorm).toBeCloseTo(0.025 * Math.SQRT2, 6);
    expect(steps[0]?.perturbedLoss).toBeCloseTo(softplus(0.05), 6);
    expect(steps[0]?.maskSparsity).toBe(0.5);
    const w = 0.1 * sigmoid(0.05);
    for (const p of params) expect(p.values).toEqual([expect.closeTo(w, 6), expect.closeTo(-w, 6)]);
  });

  it('rejects a mask for a method without one, and a mask that does not fit the weights', async () => {
    const masked = JSON.parse(readFileSync('tools/cli/fixtures/linear-zero-ssam-mask.json', 'utf8'));
    const forSam = parseParityCase({ ...masked, optimizer: { ...masked.optimizer, name: 'sam' } });
    expect(forSam.ok ? [] : forSam.errors).toEqual(['mask: only ssam-f and ssam-d take a mask, not sam']);
    const notBinary = parseParityCase({
      ...masked,
      mask: [masked.mask[0], { shape: [2], values: [0, 0.5] }],
    });
    expect(notBinary.ok ? [] : notBinary.errors).toEqual(['mask[1].values: mask values must be 0 or 1']);
    const misfit = parseParityCase({ ...masked, mask: [masked.mask[0], { shape: [3], values: [0, 1, 1] }] });
    if (!misfit.ok) throw new Error(misfit.errors.join('; '));
    await expect(runParityCase(misfit.value)).rejects.toThrow(
      /^mask\[1\]\.shape: expected \[2\] like params\[1\]/,
    );
  });

  it('names the field of every problem in a malformed case', () => {
    const broken = {
      ...fixture(),
      input: { shape: [1, 1], values: [1, 2] },
      optimizer: { name: 'bisam-lg', rhoo: 1 },
    };
    const parsed = parseParityCase(broken);
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toContainEqual(
      expect.stringMatching(/^input\.values: expected 1 values for shape \[1,1\], got 2/),
    );
    expect(errors).toContainEqual(expect.stringMatching(/^optimizer\.name: /));
    expect(errors).toContainEqual(expect.stringMatching(/^optimizer: .*rhoo/));
  });

  it('rejects labels that do not match the batch or the classes', () => {
    const parsed = parseParityCase({ ...fixture(), labels: [0, 2] });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      'labels: expected 1 labels (input.shape[0]), got 2',
      'labels[1]: label 2 ≥ numClasses 2',
    ]);
  });

  it('rejects weights whose shapes do not fit the layers, naming the parameter', async () => {
    const parsed = parseParityCase({
      ...fixture(),
      params: [fixture().params[0], { shape: [3], values: [0, 0, 0] }],
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    await expect(runParityCase(parsed.value)).rejects.toThrow(/^params\[1\]\.shape: expected \[2\]/);
  });
});

describe('parity CLI', () => {
  const run = promisify(execFile);
  const tsx = ['node_modules/.bin/tsx', 'tools/cli/parity.ts'];

  it('prints the result as JSON for a case file', async () => {
    const { stdout } = await run(tsx[0] as string, [tsx[1] as string, FIXTURE]);
    const result = JSON.parse(stdout);
    expect(result.steps[0].q).toBeCloseTo(Math.log(2), 6);
    expect(result.params.length).toBe(2);
  });

  it('exits with code 2 and the field name for a malformed case', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parity-')), 'case.json');
    writeFileSync(file, JSON.stringify({ ...fixture(), steps: 0 }));
    const failure = await run(tsx[0] as string, [tsx[1] as string, file]).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/parity: steps: /);
  });
});
