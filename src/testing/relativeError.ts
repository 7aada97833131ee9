/** max |a-b| / max |a|: the relative error of b against reference a (kernel tests, and the benchmark page's check). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (b.length !== a.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(a[i] as number));
  }
  return diff / Math.max(scale, 1e-12);
}
