/**
 * The page's only stylesheet: system fonts, a laptop-width column, a phone layout (nothing wider
 * than the screen: wide tables scroll in their own box), and a print layout.
 */
export const STYLES = `
:root { --ink: #1d2433; --muted: #5b6475; --line: #dde1e8; --bg: #f6f7f9; --card: #fff;
  --clean: #2f6fb0; --noisy: #d0453a; --accent: #7a4fd0; --warn-bg: #fff6db; --warn-line: #e8c65a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 0 0 6px; }
.sub { color: var(--muted); margin: 0; overflow-wrap: anywhere; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin-top: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-top: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .big { font-size: 26px; font-weight: 650; line-height: 1.1; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .note { color: var(--muted); font-size: 12px; }
.warnings { background: var(--warn-bg); border-color: var(--warn-line); }
.scroll { overflow-x: auto; }
table.matrix td, table.matrix th { padding: 2px 6px; font-size: 12px; }
.notice { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 6px; padding: 8px 12px; font-weight: 600; }
.warnings ul { margin: 0; padding-left: 18px; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; overflow-wrap: anywhere; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 820px) { .two { grid-template-columns: 1fr; } }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .tick.small { font-size: 10px; }
svg .axis-title { fill: var(--ink); font-size: 12px; }
svg .axis { stroke: #9aa3b2; stroke-width: 1; }
svg .grid { stroke: #eceef2; stroke-width: 1; }
svg .bars { fill: #c4cad6; }
svg .flag-zone { fill: var(--noisy); opacity: .06; }
svg .curve { fill: none; stroke-width: 2.2; }
svg .clean { stroke: var(--clean); fill: none; }
svg .noisy { stroke: var(--noisy); fill: none; }
svg .dot.clean { fill: var(--clean); } svg .dot.noisy { fill: var(--noisy); } svg .dot.accent { fill: var(--accent); }
svg .line { fill: none; stroke-width: 2; } svg .line.accent { stroke: var(--accent); }
svg .threshold { stroke: var(--ink); stroke-width: 1.4; stroke-dasharray: 5 4; }
svg .threshold-label { fill: var(--ink); font-weight: 600; }
.key { display: inline-flex; align-items: center; gap: 5px; margin-right: 14px; }
.key i { display: inline-block; width: 16px; height: 3px; border-radius: 2px; }
.key i.clean { background: var(--clean); } .key i.noisy { background: var(--noisy); }
.key i.bars { background: #c4cad6; height: 10px; } .key i.accent { background: var(--accent); }
.key i.threshold { width: 18px; height: 0; background: none; border-top: 2px dashed var(--ink); }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-top: 6px; }
.multiples figure { border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
.multiples figcaption { margin: 0 0 2px; color: var(--ink); }
.multiples figcaption span { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
td.id { overflow-wrap: break-word; min-width: 8em; max-width: 360px; }
td.label { white-space: nowrap; }
td.label.same { color: var(--muted); }
.bar { display: inline-block; height: 8px; border-radius: 4px; background: var(--noisy); opacity: .75; vertical-align: middle; margin-left: 6px; }
td.p { background: linear-gradient(90deg, transparent calc(100% - 100% * var(--p, 0)), rgba(208, 69, 58, .13) 0); }
tr.flagged td:first-child { box-shadow: inset 3px 0 0 var(--noisy); }
td.thumb { width: 44px; padding: 2px 6px; }
td.thumb img { width: 36px; height: 36px; object-fit: contain; image-rendering: pixelated; display: block; background: #eee; }
#suspects th:first-child { width: 5em; }
#suspects th.num[data-key] { width: 7em; }
td.empty { text-align: center; color: var(--muted); padding: 18px; }
th[data-key] button { all: unset; cursor: pointer; }
th[data-key] button:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort="ascending"] button::after { content: " \\25B2"; font-size: 9px; }
th[aria-sort="descending"] button::after { content: " \\25BC"; font-size: 9px; }
button.expand { font: inherit; width: 20px; height: 20px; line-height: 16px; padding: 0; margin-right: 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
tr.detail td { background: #fafbfc; }
.fields { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; max-height: 220px; overflow: auto; }
.fields b { color: var(--muted); font-weight: 500; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; margin-bottom: 10px; }
.controls input[type=search], .controls select { font: inherit; padding: 4px 8px; border: 1px solid #c9ceda; border-radius: 6px; background: #fff; }
.pager { display: flex; gap: 6px; align-items: center; margin-top: 10px; }
.pager button { font: inherit; padding: 3px 10px; border: 1px solid #c9ceda; border-radius: 6px; background: #fff; cursor: pointer; }
.pager button:disabled { opacity: .4; cursor: default; }
.pager span { margin-left: 8px; color: var(--muted); }
.metrics td, .metrics th { padding: 4px 10px; }
footer { color: var(--muted); font-size: 12px; margin-top: 18px; }
.table-box { max-width: 100%; }
.review { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin-bottom: 10px; background: #fbfbfd; }
.review-head { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
.review-head h3 { margin: 0; }
.review .progress { font-weight: 650; }
.review .current { margin: 6px 0; overflow-wrap: anywhere; }
.compare { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; }
.compare figure { display: flex; flex-wrap: wrap; gap: 4px; align-items: flex-end; }
.compare figcaption { flex-basis: 100%; margin: 0; }
.compare img { image-rendering: pixelated; background: #eee; border-radius: 3px; cursor: zoom-in; object-fit: contain; max-width: 100%; }
.compare.big img { max-width: min(280px, 80vw); height: auto; }
.acts { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0 4px; }
.acts button, .review .controls button, .dialog button { font: inherit; padding: 4px 10px; border: 1px solid #c9ceda; border-radius: 6px; background: #fff; cursor: pointer; }
.acts button:disabled { opacity: .4; cursor: default; }
kbd { font: 12px ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; }
tr.cursor td { background: #efe9fb; }
tr.cursor td:first-child { box-shadow: inset 3px 0 0 var(--accent); }
tr.decided td { color: var(--muted); }
td.decision { white-space: nowrap; font-weight: 600; color: var(--accent); }
#suspects tbody tr { cursor: pointer; }
.overlay { position: fixed; inset: 0; background: rgba(20, 24, 35, .45); display: flex; align-items: center; justify-content: center; padding: 12px; z-index: 10; }
.overlay[hidden] { display: none; }
.dialog { background: #fff; border-radius: 8px; padding: 14px 16px; max-width: min(720px, 100%); max-height: 100%; overflow: auto; }
.dialog h3 { overflow-wrap: anywhere; }
.picker-list { display: flex; flex-direction: column; gap: 4px; margin-bottom: 8px; }
.picker-list button { text-align: left; }
.picker-list button:focus { outline: 2px solid var(--accent); }
@media (max-width: 600px) {
  main { padding: 10px 8px 32px; }
  section { padding: 12px 10px; }
  h1 { font-size: 19px; overflow-wrap: anywhere; }
  .cards { grid-template-columns: 1fr 1fr; }
  .card .big { font-size: 21px; }
  dl.settings { grid-template-columns: 1fr; }
  dl.settings dt { margin-top: 4px; }
  th, td { padding: 4px 5px; }
  td.id { max-width: 55vw; }
  .pager { flex-wrap: wrap; }
  /* Charts keep a readable size and scroll sideways in their own box rather than shrink. */
  figure { overflow-x: auto; }
  figure > svg { min-width: 600px; }
  figure > svg text { font-size: 16px; }
  .multiples figure > svg { min-width: 0; }
  .multiples figure > svg text { font-size: 11px; }
}
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  section, .card { border: none; border-radius: 0; padding: 6px 0; break-inside: avoid; }
  section.suspects { break-inside: auto; }
  .controls, .pager, button.expand, .review, .overlay, td.decision, th.decision { display: none !important; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  .two { grid-template-columns: 1fr 1fr; }
  tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
