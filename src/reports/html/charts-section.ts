/** The chart sections: the final fit over its histogram, and the fits and curves across epochs. */
import { flagCut, flagRule, type LabelNoiseReport } from '../report.js';
import { epochMultiple, lineChart } from './chart-epochs.js';
import { histogramChart } from './chart-histogram.js';
import { escapeHtml as h } from './escape.js';
import { fix, pct } from './sections.js';

const LEGEND =
  '<span class="key"><i class="bars"></i>samples</span><span class="key"><i class="clean"></i>clean component</span>' +
  '<span class="key"><i class="noisy"></i>noisy component</span><span class="key"><i class="threshold"></i>threshold</span>';

/**
 * The axis of the main chart in the units the final fit started from, which a person can reason
 * in: a margin of probabilities, or a cross-entropy loss. (mean-loss fits an average of per-epoch
 * normalised losses, which has no raw unit; its axis says so.)
 */
function fittedAxis(r: LabelNoiseReport): { title: string; unit: string } {
  switch (r.settings.aggregate) {
    case 'mean-margin':
      return { title: 'margin of the averaged probabilities: p(best other class) − p(given class)', unit: 'margin' };
    case 'mean-loss':
      return { title: "mean over epochs of each epoch's loss scaled to its 5th–95th percentile", unit: 'mean scaled loss' };
    default:
      return { title: "last epoch's cross-entropy loss against the given label", unit: 'loss' };
  }
}

export function finalFitSection(r: LabelNoiseReport): string {
  const m = r.mixture;
  const fitted = m.status === 'fitted' && r.samples.length > 0 && r.samples.every((s) => s.fitted !== undefined);
  if (m.status === 'fitted' && fitted) {
    const axis = fittedAxis(r);
    const chart = histogramChart({
      id: 'final',
      values: r.samples.map((s) => s.fitted!),
      mixture: m,
      threshold: flagCut(r),
      xTitle: axis.title,
      raw: { normaliser: m.normaliser, unit: axis.unit },
    });
    const notes: string[] = [
      `Densities are each component's Beta density times its weight (clean ${pct(m.clean.weight)}, noisy ${pct(m.noisy.weight)}), scaled to the bar counts.`,
    ];
    if (r.estimate.selection === 'per-cell') {
      // Per-cell flags are no cut on p_noisy: the line marks the least p_noisy among them, and says so.
      notes.push(`The flags are not a cut on p_noisy (${flagRule(r)}); the dashed line marks the lowest p_noisy among them, ${fix(flagCut(r))}.`);
    } else {
      notes.push(
        chart.crossing !== null
          ? `p_noisy reaches ${fix(flagCut(r))} at ${axis.unit} ${fix(chart.rawCrossing)} (${fix(chart.crossing)} of the way from the fit's 5th to its 95th percentile); everything right of the dashed line is flagged (${flagRule(r)}).`
          : `p_noisy never reaches ${fix(flagCut(r))}: no sample is flagged by this fit.`,
      );
    }
    if (chart.belowRange + chart.aboveRange > 0) {
      notes.push(
        `Not drawn: ${chart.belowRange} samples below the fit's 5th percentile (p_noisy near its minimum) and ${chart.aboveRange} above its 95th (near its maximum); the fit leaves them out.`,
      );
    }
    if (r.settings.aggregate === 'mean-posterior') {
      notes.push("With mean-posterior aggregation each sample's p_noisy averages every epoch's fit; this chart shows the last epoch's fit only.");
    }
    if (!m.noiseDetected) notes.push('The check for a separate high-loss group failed: the noisy component may be the hard tail of clean samples.');
    return `<section id="final-fit"><h2>Loss distribution and the fitted mixture</h2>
<figure>${chart.svg}<figcaption>${LEGEND}<br>${notes.map(h).join(' ')}</figcaption></figure></section>`;
  }
  const chart = histogramChart({ id: 'final', values: r.samples.map((s) => s.loss), mixture: null, threshold: flagCut(r), xTitle: "last epoch's cross-entropy loss" });
  const why = m.status === 'fitted' ? 'this report has no per-sample fitted values' : `the mixture was not fitted (${m.reason})`;
  return `<section id="final-fit"><h2>Loss distribution</h2><figure>${chart.svg}<figcaption>Raw losses only: ${h(why)}.</figcaption></figure></section>`;
}

export function epochsSection(r: LabelNoiseReport): string {
  if (r.epochs.length === 0) return '';
  const epochs = r.epochs.map((e) => e.epoch);
  const multiples = r.epochs
    .map((e) => `<figure><figcaption>epoch ${e.epoch} <span>· noise ${pct(e.estimatedNoise)}</span></figcaption>${epochMultiple(e, flagCut(r))}</figure>`)
    .join('');
  const noise = lineChart({
    id: 'noise',
    epochs,
    series: [{ name: 'estimated noise', className: 'accent', values: r.epochs.map((e) => e.estimatedNoise) }],
    yTitle: 'estimated noise rate',
    y: [0, Math.min(1, Math.max(0.05, ...r.epochs.map((e) => e.estimatedNoise)) * 1.15)],
    yFormat: (v) => `${Math.round(v * 100)}%`,
  });
  const loss = lineChart({
    id: 'train-loss',
    epochs,
    series: [{ name: 'training loss', className: 'accent', values: r.epochs.map((e) => e.trainLoss) }],
    yTitle: 'training loss',
  });
  return `<section id="epochs"><h2>Across epochs</h2>
<div class="two"><figure>${noise}<figcaption>Estimated share of wrong labels from each epoch's own fit (mean posterior). Final estimate: ${pct(r.estimate.noiseFraction)}.</figcaption></figure>
<figure>${loss}<figcaption>Mean training cross-entropy per epoch (against the given, possibly wrong, labels).</figcaption></figure></div>
<h3 style="margin-top:14px">Each epoch's fit on its own losses</h3>
<p class="sub"><span class="key"><i class="clean"></i>clean</span><span class="key"><i class="noisy"></i>noisy</span><span class="key"><i class="threshold"></i>threshold</span> x: that epoch's normalised loss (0 = 5th, 1 = 95th percentile).</p>
<div class="multiples">${multiples}</div></section>`;
}
