/**
 * Probe parity cases: the weights and data of two torch parity cases (the MLP and the CNN), on which
 * the engine's probes run exactly as in training (finite-difference HVP, float32) and PyTorch computes
 * the exact Hessian in float64 (tools/bench/torch_probe_parity.py). The engine's start and Rademacher
 * vectors travel in the case, so both sides follow the same path and compare number by number.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../src/config/model';
import type { CommonRhoResult } from '../../src/config/probes';
import { commonRhoSharpness } from '../../src/engine/probes/commonRho';
import { noCost, ProbeEvaluator } from '../../src/engine/probes/evaluator';
import { hutchinsonTrace, powerIteration } from '../../src/engine/probes/hessian';
import { probeHvp } from '../../src/engine/probes/hvpOperator';
import { ProbeBatch } from '../../src/engine/probes/probeBatch';
import { gaussianTensors, rademacherTensors } from '../../src/engine/probes/randomVectors';
import { deriveSeed } from '../../src/engine/random';
import { torchParityCases } from './torchParityCases';

export interface ProbeParityCase {
  readonly name: string;
  readonly numClasses: number;
  readonly input: { shape: number[]; values: number[] };
  readonly labels: number[];
  readonly layers: LayerSpec[];
  readonly params: { shape: number[]; values: number[] }[];
  readonly smoothing: number;
  readonly rho: number;
  readonly mu: number;
  readonly alpha: number;
  readonly iterations: number;
  readonly traceSamples: number;
  readonly seed: number;
}

/** What both sides report; PyTorch adds the exact spectrum and trace. */
export interface ProbeParityResult {
  powerIteration: number[];
  quadraticForms: number[];
  common: CommonRhoResult;
  eigenvalues?: number[];
  trace?: number;
}

/** The MLP and CNN of the torch parity cases, with the probe settings (ρ larger than the default: tiny models). */
export function probeParityCases(): ProbeParityCase[] {
  const sources = torchParityCases().filter(({ name }) => name === 'mlp-sam' || name === 'cnn-sam');
  return sources.map(({ name, case: c }) => ({
    ...(c as Pick<ProbeParityCase, 'numClasses' | 'input' | 'labels' | 'layers' | 'params'>),
    name: name.replace('-sam', '-probes'),
    smoothing: 0.1,
    rho: 0.5,
    mu: 1,
    alpha: 0.3,
    iterations: 30,
    traceSamples: 8,
    seed: 11,
  }));
}

const shapesOf = (c: ProbeParityCase) => c.params.map((p) => p.shape);
const flatValues = (tensors: tf.Tensor[]) => tensors.flatMap((t) => [...t.dataSync()]);

/** The engine's power-iteration start and Rademacher vectors, flat in parameter order, for the reference. */
export function probeVectors(c: ProbeParityCase): { start: number[]; rademacher: number[][] } {
  const start = gaussianTensors(shapesOf(c), c.seed);
  const rademacher = Array.from({ length: c.traceSamples }, (_, i) => {
    const z = rademacherTensors(shapesOf(c), deriveSeed(c.seed, i));
    const values = flatValues(z);
    tf.dispose(z);
    return values;
  });
  const result = { start: flatValues(start), rademacher };
  tf.dispose(start);
  return result;
}

async function drain<R>(task: AsyncGenerator<unknown, R, void>): Promise<R> {
  for (;;) {
    const next = await task.next();
    if (next.done) return next.value;
  }
}

export async function runProbeParityCase(c: ProbeParityCase): Promise<ProbeParityResult> {
  const x = tf.tensor(c.input.values, c.input.shape);
  const labels = tf.tensor1d(c.labels, 'int32');
  const batch = new ProbeBatch([{ x, labels }], c.numClasses);
  const evaluator = new ProbeEvaluator(c.layers, c.input.shape.slice(1), batch);
  const weights = c.params.map((p) => tf.tensor(p.values, p.shape));
  const start = gaussianTensors(shapesOf(c), c.seed);
  try {
    const cost = noCost();
    const operator = probeHvp(evaluator, weights, c.smoothing, cost);
    const power = await drain(powerIteration(operator.hvp, start, c.iterations));
    const trace = await drain(hutchinsonTrace(operator.hvp, shapesOf(c), c.traceSamples, c.seed));
    operator.dispose();
    const settings = { rho: c.rho, mu: c.mu, alpha: c.alpha, smoothing: c.smoothing };
    const common = await drain(commonRhoSharpness(evaluator, weights, settings, cost));
    return { powerIteration: power.perIteration, quadraticForms: trace.samples, common };
  } finally {
    tf.dispose([...weights, ...start]);
    evaluator.dispose();
    batch.dispose();
  }
}
