/**
 * What one seed of a run ended with, the numbers the statistics over seeds compare: final and best
 * test accuracy and final test loss. A diverged seed has none (NaN): it is left out, and counted.
 */
export interface SeedOutcome {
  readonly finalAccuracy: number;
  readonly bestAccuracy: number;
  readonly finalLoss: number;
}

export function seedOutcome(
  evaluations: readonly { readonly testAccuracy: number; readonly testLoss: number }[],
  diverged: boolean,
): SeedOutcome {
  const last = evaluations[evaluations.length - 1];
  if (diverged || !last)
    return { finalAccuracy: Number.NaN, bestAccuracy: Number.NaN, finalLoss: Number.NaN };
  return {
    finalAccuracy: last.testAccuracy,
    bestAccuracy: Math.max(...evaluations.map((e) => e.testAccuracy)),
    finalLoss: last.testLoss,
  };
}
