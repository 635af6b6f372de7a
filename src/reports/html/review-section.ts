/**
 * The review controls above the suspects table (review-script.ts gives them their behaviour): the
 * current suspect next to clean examples of its given and suggested class, one button per decision
 * with its key, progress, the hide-decided view, the exports, and the class picker and image zoom.
 */
export function reviewControls(): string {
  return `<div class="review" id="review">
<div class="review-head"><h3>Review</h3><span id="review-progress" class="progress"></span><span id="review-status" class="sub" aria-live="polite"></span></div>
<p id="review-current" class="current"></p>
<div id="review-images" class="compare"></div>
<div class="acts" role="group" aria-label="decision for the current suspect">
<button type="button" id="act-relabel">y: use suggested</button><button type="button" id="act-other">c: another class…</button><button type="button" id="act-drop">d: drop</button><button type="button" id="act-keep">k: label is right</button><button type="button" id="act-skip">s: skip</button><button type="button" id="act-undo">u: undo</button>
</div>
<p class="sub keys">Keys: <kbd>j</kbd>/<kbd>↓</kbd> next, <kbd>↑</kbd> previous, <kbd>y</kbd> <kbd>c</kbd> <kbd>d</kbd> <kbd>k</kbd> <kbd>s</kbd> decide (then on to the next undecided), <kbd>u</kbd> undo. Click a row to review it, a thumbnail to enlarge it.</p>
<div class="controls"><label><input type="checkbox" id="hide-decided"> hide decided</label><button type="button" id="export-decisions">export decisions.csv</button><button type="button" id="download-rows">download these rows as CSV</button></div>
</div>
<div id="picker" class="overlay" hidden><div class="dialog" role="dialog" aria-modal="true" aria-labelledby="picker-title"><h3 id="picker-title">Relabel as…</h3><div id="picker-list" class="picker-list"></div><p class="sub">1–9 or arrows and Enter; Esc cancels.</p><button type="button" id="picker-cancel">cancel</button></div></div>
<div id="zoom" class="overlay" hidden><div class="dialog" role="dialog" aria-modal="true" aria-labelledby="zoom-title"><h3 id="zoom-title"></h3><div id="zoom-images" class="compare big"></div><button type="button" id="zoom-close">close (Esc)</button></div></div>`;
}
