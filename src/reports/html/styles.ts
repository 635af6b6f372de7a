/** The page's only stylesheet: system fonts, a laptop-width column, and a print layout. */
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
td.id { overflow-wrap: anywhere; max-width: 360px; }
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
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  section, .card { border: none; border-radius: 0; padding: 6px 0; break-inside: avoid; }
  section.suspects { break-inside: auto; }
  .controls, .pager, button.expand { display: none !important; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  .two { grid-template-columns: 1fr 1fr; }
  tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
