import { describe, expect, it } from 'vitest';
import { LINEAR_ONE_EXAMPLE, PLAIN_STEP, runSteps, sigmoid } from '../../testing/stepHarness';

// The one-example linear problem keeps every weight vector a multiple of v = [-1, 1 | -1, 1]
// (kernel | bias): with weights a·v the logits are z = 2a·[-1, 1], u = z_1 - z_0 = 4a, the loss is
// log(1 + e^u) and the gradient is σ(u)·v, ‖v‖ = 2. So each point of the recursion is one number a.
describe('SAMPa', () => {
  it('follows x̃ = x + ρ∇f(y)/‖∇f(y)‖, y⁺ = x - η∇f(y), x⁺ = x - η[(1-λ)∇f(x̃) + λ∇f(y⁺)] over two steps', async () => {
    // Step 0: ∇f(y_0) = 0, so x̃_0 = x_0 (a = 0) and y_1 = x_0: both gradients are σ(0)·v = .5v, and
    //   x_1 = -.1·(.8·.5 + .2·.5)·v = -.05v (a = -.05); the state keeps ∇f(y_1) = .5v.
    // Step 1: e = .05·.5v/‖.5v‖ = .025v, x̃_1: a = -.025; y_2 = x_1 - .1·.5v: a = -.1;
    //   x_2: a = -.05 - .1·(.8·σ(-.1) + .2·σ(-.4)) = -.0960279.
    const { metrics, after } = await runSteps(
      'sampa',
      LINEAR_ONE_EXAMPLE,
      { ...PLAIN_STEP, sampaLambda: 0.2 },
      { steps: 2 },
    );
    const a2 = -0.05 - 0.1 * (0.8 * sigmoid(-0.1) + 0.2 * sigmoid(-0.4));
    expect(a2).toBeCloseTo(-0.0960279, 7);
    after.params.forEach((value, i) => {
      expect(value).toBeCloseTo(i % 2 === 0 ? -a2 : a2, 7);
    });
    // Step 0 has no perturbation; step 1 perturbs by ρ along ∇f(y_1) and measures at x_1 and x̃_1.
    expect(metrics[0]?.perturbationNorm).toBe(0);
    expect(metrics[0]?.perturbedLoss).toBeCloseTo(Math.log(2), 6);
    expect(metrics[1]?.ascentGradNorm).toBeCloseTo(1, 6);
    expect(metrics[1]?.perturbationNorm).toBeCloseTo(0.05, 6);
    expect(metrics[1]?.loss).toBeCloseTo(Math.log(1 + Math.exp(-0.2)), 6);
    expect(metrics[1]?.perturbedLoss).toBeCloseTo(Math.log(1 + Math.exp(-0.1)), 6);
  });

  it('with λ = 0 and a zero first perturbation takes plain gradient steps at first', async () => {
    // λ = 0: x_1 = x_0 - η·∇f(x̃_0) = x_0 - .1·.5v, exactly SGD's first step (SAM's would be σ(.1)).
    const { after } = await runSteps('sampa', LINEAR_ONE_EXAMPLE, { ...PLAIN_STEP, sampaLambda: 0 });
    after.params.forEach((value, i) => {
      expect(value).toBeCloseTo(i % 2 === 0 ? 0.05 : -0.05, 7);
    });
  });

  it('moves the look-ahead point with the base step, momentum included', async () => {
    // β = .9: step 0 fills the buffer with .5v (x_1: a = -.05). Step 1's look-ahead direction is
    // β·buf + ∇f(y_1) = .45v + .5v = .95v, so y_2: a = -.05 - .1·.95 = -.145 instead of -.1.
    // Then x_2 = x_1 - .1·(β·buf + d) with d = .8σ(-.1) + .2σ(-.145·4)·… (all multiples of v).
    const { after } = await runSteps(
      'sampa',
      LINEAR_ONE_EXAMPLE,
      { ...PLAIN_STEP, momentum: 0.9 },
      { steps: 2 },
    );
    const d = 0.8 * sigmoid(-0.1) + 0.2 * sigmoid(-0.58);
    const a2 = -0.05 - 0.1 * (0.9 * 0.5 + d);
    after.params.forEach((value, i) => {
      expect(value).toBeCloseTo(i % 2 === 0 ? -a2 : a2, 7);
    });
  });
});
