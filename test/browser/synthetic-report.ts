/**
 * A LabelNoiseReport built without training: a known two-group sample of `fitted` values, posteriors
 * from the same monotone posterior the audit uses, so charts and table have realistic content in ms.
 */
import { makeMonotonePosterior } from '../../src/mixture/beta-mixture.js';
import type { MixtureSummary } from '../../src/mixture/loss-mixture.js';
import { auditDefaults, type AuditSettings } from '../../src/options/audit.js';
import { REPORT_KIND, REPORT_VERSION, type LabelNoiseReport, type SampleVerdict } from '../../src/reports/report.js';
import { evaluateScores } from '../../src/scoring/evaluate.js';
import { createRng } from '../../src/util/rng.js';

export interface SyntheticOptions {
  readonly n: number;
  /** @default ten garment names */
  readonly classes?: readonly string[];
  /** Id of sample i (input order). @default `s-${i}` */
  readonly id?: (i: number) => string;
  /** Share of samples drawn from the noisy group. @default 0.2 */
  readonly noise?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Attach metrics against the generated truth. @default true */
  readonly evaluation?: boolean;
}

export const GARMENTS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function mixture(n: number, noiseWeight: number): MixtureSummary {
  return {
    status: 'fitted',
    nSamples: n,
    nFitted: Math.round(n * 0.9),
    normaliser: { lo: 0.1, hi: 3, offset: 0.10001, scale: 2.9 },
    clean: { alpha: 1, beta: 6, weight: 1 - noiseWeight, mean: 1 / 7 },
    noisy: { alpha: 2.5, beta: 1, weight: noiseWeight, mean: 2.5 / 3.5 },
    noiseDetected: true,
    cleanOnlyCheck: {
      method: 'density-dip',
      noiseDetected: true,
      dipRatio: 0.2,
      maxDipRatio: 0.5,
      bicOneComponent: -100,
      bicTwoComponents: -200,
      oneComponent: { alpha: 0.5, beta: 1 },
    },
    warnings: [],
    iterations: 10,
    logLikelihood: 100,
    logLikelihoodHistory: [90, 100],
    converged: false,
    swappedFromInit: false,
    guards: [],
  };
}

export function syntheticReport(o: SyntheticOptions): LabelNoiseReport {
  const classes = o.classes ?? GARMENTS;
  const noise = o.noise ?? 0.2;
  const rng = createRng(o.seed ?? 1);
  const m = mixture(o.n, noise);
  if (m.status !== 'fitted') throw new Error('unreachable');
  const post = makeMonotonePosterior(m.clean, m.noisy);
  const isNoisy = new Uint8Array(o.n);
  const raw = Array.from({ length: o.n }, (_, i) => {
    isNoisy[i] = rng.next() < noise ? 1 : 0;
    // Clean values crowd near 0, noisy ones near 1; about 5% at each clamp, as the real fit leaves them.
    const u = rng.next();
    const fitted = u < 0.05 ? 0.001 : u > 0.95 ? 0.999 : isNoisy[i] ? 0.998 - rng.next() ** 2 * 0.7 : 0.002 + rng.next() ** 3 * 0.7;
    const given = rng.int(classes.length);
    const suggested = isNoisy[i] ? (given + 1 + rng.int(classes.length - 1)) % classes.length : given;
    return { index: i, fitted, given, suggested, pNoisy: post(fitted) };
  });
  const order = [...raw].sort((a, b) => b.pNoisy - a.pNoisy || b.fitted - a.fitted || a.index - b.index);
  const threshold = 0.5;
  const samples: SampleVerdict[] = order.map((s, r) => ({
    rank: r + 1,
    index: s.index,
    id: (o.id ?? ((i: number) => `s-${i}`))(s.index),
    givenLabel: classes[s.given]!,
    suggestedLabel: classes[s.suggested]!,
    pNoisy: s.pNoisy,
    loss: 0.1 + s.fitted * 2.9,
    flagged: s.pNoisy >= threshold,
    pGiven: s.given === s.suggested ? 0.9 : 0.1,
    pSuggested: 0.9,
    fitted: s.fitted,
  }));
  const flagged = samples.filter((s) => s.flagged).length;
  const meanP = samples.reduce((a, s) => a + s.pNoisy, 0) / o.n;
  const settings: AuditSettings = { ...auditDefaults, hidden: [...auditDefaults.hidden], id: 'id', features: null, split: null, imageColumn: null, epochs: 3, threshold };
  return {
    kind: REPORT_KIND,
    version: REPORT_VERSION,
    tool: { name: 'labelsleuth', version: '0.0.0-test' },
    createdAt: '2026-01-01T00:00:00.000Z',
    settings,
    backend: { name: 'cpu', requested: 'cpu', kernelFixes: [] },
    dataset: {
      source: 'csv',
      path: 'synthetic.csv',
      absolutePath: '/data/synthetic.csv',
      rows: o.n,
      featureSize: 4,
      sampleShape: [4],
      classes: classes.map((name, c) => ({ name, count: raw.filter((s) => s.given === c).length })),
      imputedCells: 0,
    },
    epochs: [1, 2, 3].map((epoch) => ({
      epoch,
      trainLoss: 2 / epoch,
      agreement: 0.6 + 0.05 * epoch,
      estimatedNoise: meanP * (1.2 - 0.1 * epoch),
      confidentNoise: meanP,
      seconds: 0.1,
      mixture: m,
    })),
    mixture: m,
    estimate: { method: 'confident-joint', noiseFraction: meanP, expectedWrongLabels: meanP * o.n, flagged, flaggedFraction: flagged / o.n, clarity: null },
    perClass: classes.map((name) => {
      const of = samples.filter((s) => s.givenLabel === name);
      return {
        name,
        rows: of.length,
        flagged: of.filter((s) => s.flagged).length,
        estimatedNoiseRate: of.reduce((a, s) => a + s.pNoisy, 0) / Math.max(1, of.length),
      };
    }),
    confusedPairs: [{ given: classes[0]!, suggested: classes[1]!, count: 3 }],
    noiseMatrix: {
      method: 'confident-joint',
      classes: [...classes],
      counts: classes.map((_, g) => classes.map((_, t) => (g === t ? 90 : 10 / (classes.length - 1)))),
      rates: classes.map((_, g) => classes.map((_, t) => (g === t ? 0.9 : 0.1 / (classes.length - 1)))),
    },
    training: { stop: 'memorization', epochsRun: 3, maxEpochs: 30, stoppedEarly: 'synthetic' },
    ...(o.evaluation === false
      ? {}
      : {
          evaluation: {
            truthPath: 'synthetic.truth.csv',
            metrics: evaluateScores(
              isNoisy,
              raw.map((s) => s.pNoisy),
              { threshold },
            ),
          },
        }),
    timing: { loadSeconds: 0.1, trainSeconds: 1, totalSeconds: 1.2 },
    warnings: ['a synthetic report'],
    samples,
  };
}
