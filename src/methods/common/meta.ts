/**
 * What the page, the config and the CLI know of a method, without tfjs: its label, what one step
 * costs, its own knobs and its own per-step metrics. Each method's meta.ts declares one; the config
 * schema, the URL codec, the forms, the CLI usage and the chart list are built from them
 * (src/methods/metas.ts is their registry).
 */
import type { Knob, SharedKnobKey } from './knobs';

/** A per-step metric one method family adds to the shared ones (config/metrics.ts). */
export interface MetricMeta {
  /** One line: what it measures. */
  readonly doc: string;
  /** The name bundles used before the naming rule; an imported bundle's column of that name is read as this metric. */
  readonly formerName?: string;
  /** Drawn as a chart under "More charts" when set. */
  readonly chart?: {
    readonly title: string;
    /** Shown under the title: how to read the chart. */
    readonly hint: string;
    /** Step functions (a radius in force) are drawn as they are, never smoothed. */
    readonly smooth: boolean;
  };
}

export interface MethodMeta<
  Own extends Readonly<Record<string, Knob>> = Readonly<Record<string, Knob>>,
  Metrics extends Readonly<Record<string, MetricMeta>> = Readonly<Record<string, MetricMeta>>,
> {
  readonly label: string;
  /** One line: what the method does. */
  readonly summary: string;
  /** Forward-backward passes per step (the "gradient evaluations" axis); declared here only. */
  readonly gradEvalsPerStep: number;
  /** The knobs this method family declares, each named with the family's prefix (gsamAlpha). */
  readonly knobs: Own;
  /** The knobs the method reads (and the UI shows for it), shared and its own, in form order. */
  readonly hyperparams: readonly (SharedKnobKey | (keyof Own & string))[];
  /** The per-step metrics this family adds, each named with the family's prefix (bisamQ). */
  readonly metrics: Metrics;
  /**
   * Passes of one step that do not depend on each other, and whether they run concurrently here.
   * Absent: every pass needs the one before it. SAMPa's two gradients are independent, but one tfjs
   * worker runs them one after the other (`concurrent: false`).
   */
  readonly independentPasses?: {
    readonly count: number;
    readonly concurrent: boolean;
    readonly note: string;
  };
}

/** A method's meta with its knob and metric names kept as literal types, so the config's types follow them. */
export function defineMethod<
  const Own extends Readonly<Record<string, Knob>>,
  const Metrics extends Readonly<Record<string, MetricMeta>>,
>(meta: MethodMeta<Own, Metrics>): MethodMeta<Own, Metrics> {
  return meta;
}

/** A & B & … from A | B | …: the methods' knob (or metric) tables merged into one type. */
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
