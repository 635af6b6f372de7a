/**
 * report.html: one self-contained page (inline CSS, inline SVG, one inline script, no network) built
 * as a pure function of the report. The samples travel as columnar JSON that the script pages through.
 */
import type { LabelNoiseReport } from '../report.js';
import { epochsSection, finalFitSection } from './charts-section.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { classesSection, evaluationSection, headerSection, noiseMatrixSection, settingsSection, warningsSection } from './sections.js';
import { STYLES } from './styles.js';
import { buildTableData, type OriginalFields, type TableData } from './table-data.js';
import { PAGE_SIZE, TABLE_SCRIPT } from './table-script.js';
import { REVIEW_SCRIPT } from './review-script.js';
import { reviewControls } from './review-section.js';

export type { OriginalFields } from './table-data.js';

export interface HtmlOptions {
  /** Downscaled images by sample index, as data:image/...;base64 URIs; others are ignored. @default none */
  readonly thumbnails?: ReadonlyMap<number, string>;
  /** Original CSV fields by sample index, shown in an expandable row. @default none */
  readonly originalRows?: OriginalFields;
  /** Characters of thumbnails embedded at most (best-ranked first), to bound the file. @default 11_000_000 */
  readonly thumbnailBudget?: number;
  /** Characters of original CSV fields embedded at most (best-ranked first). @default 2_000_000 */
  readonly originalRowsBudget?: number;
}

/** "All 800 samples", or "The top 200000 of 10000000 samples (samples.csv has them all)". */
function shownSamples(r: LabelNoiseReport, data: TableData): string {
  const total = r.samplesShown?.total ?? r.samples.length;
  return data.id.length < total ? `The top ${data.id.length} of ${total} samples (samples.csv has them all),` : `All ${total} samples`;
}

function suspectsSection(r: LabelNoiseReport, data: TableData): string {
  const thumbHead = data.thumbs ? '<th>image</th>' : '';
  const notes: string[] = [];
  if (data.original) notes.push('Press + next to an id to see the row’s original values.');
  if (data.omitted.thumbs > 0) notes.push(`${data.omitted.thumbs} lower-ranked samples have no thumbnail, to keep this file small.`);
  if (data.omitted.original > 0) notes.push(`${data.omitted.original} lower-ranked suspects have no original values here, to keep this file small (suspects.csv has them all).`);
  const flaggedNote = data.flaggedCount > 0 ? `${data.flaggedCount} flagged` : 'none flagged: showing every sample by p_noisy';
  return `<section class="suspects" id="suspects-section"><h2>Suspects</h2>
<p class="sub">${shownSamples(r, data)} ranked by p_noisy (${h(flaggedNote)}). Click a column header to sort. Decide on each suspect below; the decisions stay in this browser until you export them. ${h(notes.join(' '))}</p>
<div class="controls">
<label><input type="checkbox" id="filter-flagged"> flagged only</label>
<label>given class <select id="filter-class"><option value="-1">all classes</option></select></label>
<label>id <input type="search" id="filter-id" placeholder="search ids" autocomplete="off"></label>
</div>
${reviewControls()}
<div class="scroll table-box"><table id="suspects"><thead><tr>
<th class="num" data-key="rank"><button type="button">rank</button></th>${thumbHead}
<th data-key="id"><button type="button">id</button></th>
<th data-key="given"><button type="button">given</button></th>
<th data-key="suggested"><button type="button">suggested</button></th>
<th class="num" data-key="p"><button type="button">p_noisy</button></th>
<th class="num" data-key="loss"><button type="button">loss</button></th>
<th class="decision">decision</th>
</tr></thead><tbody id="suspects-body"><tr><td colspan="7" class="empty">The table needs JavaScript.</td></tr></tbody></table></div>
<div class="pager"><button type="button" id="page-first">« first</button><button type="button" id="page-prev">‹ prev</button><button type="button" id="page-next">next ›</button><button type="button" id="page-last">last »</button><span id="page-status"></span></div>
</section>`;
}

/**
 * The whole page as one string. Pure: same report and options, same bytes. The page may connect to
 * its own origin only: none for a file:// page, the local `labelsleuth review` server when served.
 */
export function renderHtml(report: LabelNoiseReport, options: HtmlOptions = {}): string {
  const data = buildTableData(report, options);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'">
<title>labelsleuth: ${h(report.dataset.path)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${headerSection(report)}
${warningsSection(report)}
${finalFitSection(report)}
${epochsSection(report)}
${classesSection(report)}
${noiseMatrixSection(report)}
${evaluationSection(report)}
${suspectsSection(report, data)}
${settingsSection(report)}
<footer>Written by labelsleuth ${h(report.tool.version)}. This page works offline; the table shows ${PAGE_SIZE} rows a page.</footer>
</main>
<script type="application/json" id="sample-data">${jsonForScript(data)}</script>
<script>${TABLE_SCRIPT}
${REVIEW_SCRIPT}</script>
</body>
</html>
`;
}
