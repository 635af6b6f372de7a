/** The page's text and table sections, each a pure function of the report returning an HTML string. */
import { flagRule, type LabelNoiseReport, neighbourVoteText, trainedHow } from '../report.js';
import { describeBackend } from '../../backend/choices.js';
import { escapeHtml as h } from './escape.js';
import { topNotices } from '../notices.js';

export const pct = (x: number | null | undefined, d = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(d)}%`);
export const fix = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

function card(label: string, big: string, note: string): string {
  return `<div class="card"><div class="label">${h(label)}</div><div class="big">${h(big)}</div><div class="note">${h(note)}</div></div>`;
}

export function headerSection(r: LabelNoiseReport): string {
  const ds = r.dataset;
  const e = r.estimate;
  const kind =
    ds.source === 'csv' ? 'CSV' : ds.source === 'image-folder' ? 'image folder' : `another model's ${ds.signals ?? 'probabilities'}${ds.format ? ` (${ds.format})` : ''}`;
  return `<header>
<h1>Label audit: ${h(ds.path)}</h1>
<p class="sub">${h(kind)} · ${int(ds.rows)} samples · ${int(ds.featureSize)} features${ds.sampleShape.length > 1 ? ` (${h(ds.sampleShape.join('×'))})` : ''} · ${ds.classes.length} classes · labelsleuth ${h(r.tool.version)} · ${h(r.createdAt)}</p>
</header>
${topNotices(r)
  .map((n) => `<p class="notice">${h(n)}</p>`)
  .join('\n')}
<div class="cards">
${card('Estimated wrong labels', pct(e.noiseFraction), `about ${int(e.expectedWrongLabels)} of ${int(ds.rows)} (${e.method === 'loss-mixture' ? 'the Beta mixture’s expected count, from losses alone' : 'confident learning on the probabilities averaged over training'})`)}
${card('Flagged', int(e.flagged), `${pct(e.flaggedFraction)}: ${flagRule(r)}`)}
${card('Mixture', r.mixture.status === 'fitted' ? (r.mixture.noiseDetected ? 'two groups' : 'one group?') : 'not fitted', r.mixture.status === 'fitted' ? `noisy component weight ${pct(r.mixture.noisy.weight)}` : r.mixture.reason)}
${r.evaluation ? card('Against truth', `F1 ${fix(r.evaluation.metrics.mask.f1, 2)}`, `AUROC ${fix(r.evaluation.metrics.auroc)} · ${r.evaluation.metrics.mask.tp} of ${r.evaluation.metrics.positives} found`) : card('Training', r.backend ? trainedHow(r) : 'none here', r.backend ? `${r.timing.trainSeconds.toFixed(1)} s on ${r.backend.name}` : `another model's ${ds.signals ?? 'probabilities'}`)}
</div>`;
}

export function warningsSection(r: LabelNoiseReport): string {
  if (r.warnings.length === 0) return '';
  return `<section class="warnings"><h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></section>`;
}

export function settingsSection(r: LabelNoiseReport): string {
  const s = r.settings;
  const b = r.backend;
  const rows: [string, string][] = [
    ['dataset', `${r.dataset.path} (${r.dataset.source})`],
    ['label column', s.label],
    ['id column', s.id ?? 'row number'],
    ['features', s.features ? s.features.join(', ') : 'all other columns'],
    ...(b
      ? ([
          ['model', `MLP, hidden ${s.hidden.join('-')}`],
          ['training', `${s.epochs} epochs, batch ${s.batchSize}, learning rate ${s.learningRate}, seed ${s.seed}`],
        ] as [string, string][])
      : []),
    [
      'score',
      `${s.aggregate} aggregation${r.training.neighbours ? `; ${neighbourVoteText(r)}` : ''}; flagged: ${flagRule(r)}; training stopped: ${r.training.stoppedEarly ?? `after all ${r.training.maxEpochs} epochs`}`,
    ],
    [
      'backend',
      b ? `${describeBackend(b)}${b.fallbackReason ? ` (asked for ${b.requested}: ${b.fallbackReason})` : ''}` : `none: another model's ${r.dataset.signals ?? 'probabilities'}`,
    ],
    ['timing', `load ${r.timing.loadSeconds.toFixed(1)} s, train ${r.timing.trainSeconds.toFixed(1)} s, total ${r.timing.totalSeconds.toFixed(1)} s`],
  ];
  if (r.dataset.imputedCells > 0) rows.push(['imputed cells', int(r.dataset.imputedCells)]);
  return `<section><h2>Settings</h2><dl class="settings">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl></section>`;
}

export function classesSection(r: LabelNoiseReport): string {
  const maxRate = Math.max(1e-9, ...r.perClass.map((c) => c.estimatedNoiseRate));
  const classRows = r.perClass
    .map(
      (c) =>
        `<tr><td>${h(c.name)}</td><td class="num">${int(c.rows)}</td><td class="num">${int(c.flagged)}</td>` +
        `<td class="num">${pct(c.estimatedNoiseRate)}<span class="bar" style="width:${((60 * c.estimatedNoiseRate) / maxRate).toFixed(1)}px"></span></td></tr>`,
    )
    .join('');
  const pairs =
    r.confusedPairs.length === 0
      ? '<p class="sub">No flagged sample has a suggested label.</p>'
      : `<table><thead><tr><th>given</th><th>suggested</th><th class="num">suspects</th></tr></thead><tbody>${r.confusedPairs
          .map((p) => `<tr><td>${h(p.given)}</td><td>${h(p.suggested)}</td><td class="num">${int(p.count)}</td></tr>`)
          .join('')}</tbody></table>`;
  return `<section><div class="two">
<div><h2>Per class</h2><table id="per-class"><thead><tr><th>class (given)</th><th class="num">rows</th><th class="num">flagged</th><th class="num">est. noise rate</th></tr></thead><tbody>${classRows}</tbody></table></div>
<div><h2>Most frequent given → suggested among suspects</h2>${pairs}</div>
</div></section>`;
}

export function evaluationSection(r: LabelNoiseReport): string {
  if (!r.evaluation) return '';
  const m = r.evaluation.metrics;
  const best = m.bestF1;
  const rows: [string, string, string, string, string][] = [
    [m.mask.rule.kind === 'threshold' ? `p_noisy ≥ ${m.mask.rule.threshold}` : 'flagged', int(m.mask.flagged), fix(m.mask.precision), fix(m.mask.recall), fix(m.mask.f1)],
  ];
  if (best) rows.push([`best F1: p_noisy ≥ ${fix(best.threshold, 4)}`, int(best.flagged), fix(best.precision), fix(best.recall), fix(best.f1)]);
  for (const a of m.atK) rows.push([`top ${int(a.k)}${a.k === m.positives ? ' (= truly wrong)' : ''}`, int(a.k), fix(a.precision), fix(a.recall), '']);
  return `<section id="evaluation"><h2>Against known truth</h2>
<p class="sub">${h(r.evaluation.truthPath)}: ${int(m.positives)} wrong labels among ${int(m.n)} samples. Found ${int(m.mask.tp)} with ${int(m.mask.fp)} false alarm${m.mask.fp === 1 ? '' : 's'}. AUROC ${fix(m.auroc)}, average precision ${fix(m.averagePrecision)}.</p>
<table class="metrics"><thead><tr><th>rule</th><th class="num">flagged</th><th class="num">precision</th><th class="num">recall</th><th class="num">F1</th></tr></thead>
<tbody>${rows
    .map(
      (c) =>
        `<tr><td>${h(c[0])}</td>${c
          .slice(1)
          .map((v) => `<td class="num">${h(v)}</td>`)
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>
${m.warnings.length > 0 ? `<ul>${m.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>` : ''}
</section>`;
}

/**
 * The estimated given -> true label matrix as a heatmap table: each cell's shade is its rate within
 * the given class, the diagonal (labels believed right) left plain so that the confusions stand out.
 */
export function noiseMatrixSection(r: LabelNoiseReport): string {
  const m = r.noiseMatrix;
  const k = m.classes.length;
  if (k === 0 || k > 40) return '';
  const head = `<tr><th>given \\ true</th>${m.classes.map((c) => `<th class="num">${h(c)}</th>`).join('')}</tr>`;
  const rows = m.counts
    .map((row, g) => {
      const cells = row
        .map((v, t) => {
          const rate = m.rates[g]?.[t] ?? 0;
          const shade = g === t ? '' : ` style="background: rgba(214, 69, 65, ${Math.min(0.85, rate * 2).toFixed(3)})"`;
          return `<td class="num"${shade} title="${h(`${m.classes[g]} labelled, ${m.classes[t]} believed: ${pct(rate)}`)}">${int(v)}</td>`;
        })
        .join('');
      return `<tr><th>${h(m.classes[g]!)}</th>${cells}</tr>`;
    })
    .join('');
  return `<section id="noise-matrix"><h2>Estimated noise matrix</h2>
<p class="sub">Rows: the given label; columns: the label the model is confident in (confident learning's calibrated joint on the probabilities averaged over training). Off-diagonal cells are the estimated wrong labels; a darker cell is a larger share of its row.</p>
<div class="scroll"><table class="matrix"><thead>${head}</thead><tbody>${rows}</tbody></table></div></section>`;
}
