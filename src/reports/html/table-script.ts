/**
 * The suspects table's behaviour, as plain ES2015 that runs from a file:// page with no build step:
 * filter (flagged only, given class, id search), sort by any column, page through 100 rows at a time.
 * Rows are built with textContent, never innerHTML, so ids and class names cannot inject markup.
 * The review script (review-script.ts) plugs in through window.labelsleuthTable: row filters, a
 * decorator per rendered row, and a callback after each render.
 */
export const PAGE_SIZE = 100;

export const TABLE_SCRIPT = String.raw`(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('sample-data').textContent);
  var n = D.id.length;
  var PAGE = ${PAGE_SIZE};
  var $ = function (id) { return document.getElementById(id); };
  var rankOf = function (i) { return D.rank ? D.rank[i] : i + 1; };
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  // Text columns sort by a precomputed integer position, so re-sorting 60,000 rows never calls the
  // collator: classes are ranked once (few), ids once on the first sort by id.
  var byName = function (names) {
    var order = names.map(function (_, i) { return i; }).sort(function (a, b) { return collator.compare(names[a], names[b]); });
    var pos = new Int32Array(names.length);
    for (var i = 0; i < order.length; i++) pos[order[i]] = i;
    return pos;
  };
  var classPos = byName(D.classes);
  var idPos = null;
  var keys = {
    rank: { get: rankOf, dir: 1 },
    id: { get: function (i) { return (idPos || (idPos = byName(D.id)))[i]; }, dir: 1 },
    given: { get: function (i) { return classPos[D.given[i]]; }, dir: 1 },
    suggested: { get: function (i) { return classPos[D.suggested[i]]; }, dir: 1 },
    p: { get: function (i) { return D.p[i]; }, dir: -1 },
    loss: { get: function (i) { return D.loss[i]; }, dir: -1 }
  };
  var state = { key: 'rank', dir: 1, cls: -1, q: '', flaggedOnly: D.flaggedCount > 0, page: 0 };
  var rows = [];
  var lowerIds = null;
  var hooks = { filters: [], decorate: [], rendered: [] };

  // RFC 4180 as csvEscape in data/csv-rows.ts: quote when needed, nothing else changes.
  function csvField(v) {
    v = String(v);
    return /[",\r\n]/.test(v) || v !== v.trim() ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function download(name, text) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  function select() {
    var q = state.q.toLowerCase();
    if (q && !lowerIds) lowerIds = D.id.map(function (s) { return s.toLowerCase(); });
    var out = [];
    var filters = hooks.filters;
    rows: for (var i = 0; i < n; i++) {
      if (state.flaggedOnly && D.flagged.charCodeAt(i) !== 49) continue;
      if (state.cls >= 0 && D.given[i] !== state.cls) continue;
      if (q && lowerIds[i].indexOf(q) < 0) continue;
      for (var f = 0; f < filters.length; f++) if (!filters[f](i)) continue rows;
      out.push(i);
    }
    var k = keys[state.key];
    var dir = state.dir;
    if (state.key !== 'rank' || dir !== 1) {
      out.sort(function (a, b) {
        var x = k.get(a), y = k.get(b);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return c !== 0 ? c * dir : rankOf(a) - rankOf(b);
      });
    }
    rows = out;
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function detailRow(i, cols) {
    var tr = document.createElement('tr');
    tr.className = 'detail';
    var td = document.createElement('td');
    td.colSpan = cols;
    var box = document.createElement('div');
    box.className = 'fields';
    var h = D.original.header, f = D.original.rows[i];
    for (var c = 0; c < h.length; c++) {
      var span = document.createElement('span');
      var b = document.createElement('b');
      b.textContent = h[c];
      span.appendChild(b);
      span.appendChild(document.createTextNode(' ' + (f[c] === undefined ? '' : f[c])));
      box.appendChild(span);
    }
    td.appendChild(box);
    tr.appendChild(td);
    return tr;
  }

  function render() {
    var body = $('suspects-body');
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * PAGE;
    var end = Math.min(rows.length, start + PAGE);
    var cols = document.querySelectorAll('#suspects thead th').length;
    var frag = document.createDocumentFragment();
    for (var r = start; r < end; r++) {
      var i = rows[r];
      var tr = document.createElement('tr');
      if (D.flagged.charCodeAt(i) === 49) tr.className = 'flagged';
      cell(tr, String(rankOf(i)), 'num');
      if (D.thumbs) {
        var tdi = cell(tr, '', 'thumb');
        var src = D.thumbs[i];
        if (src) { var img = document.createElement('img'); img.src = src; img.alt = ''; tdi.appendChild(img); }
      }
      // Ids wrap after each path segment on a narrow screen, not in the middle of a name.
      var idCell = cell(tr, '', 'id');
      var parts = D.id[i].split('/');
      for (var s = 0; s < parts.length; s++) {
        idCell.appendChild(document.createTextNode(parts[s] + (s < parts.length - 1 ? '/' : '')));
        if (s < parts.length - 1) idCell.appendChild(document.createElement('wbr'));
      }
      if (D.original && D.original.rows[i]) {
        var btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'expand';
        btn.textContent = '+';
        btn.title = 'Show the row\u2019s values';
        btn.setAttribute('aria-expanded', 'false');
        btn.onclick = (function (i, tr, btn) {
          return function () {
            var open = btn.getAttribute('aria-expanded') === 'true';
            if (open) { tr.parentNode.removeChild(tr.nextSibling); btn.textContent = '+'; }
            else { tr.parentNode.insertBefore(detailRow(i, cols), tr.nextSibling); btn.textContent = '\u2212'; }
            btn.setAttribute('aria-expanded', open ? 'false' : 'true');
          };
        })(i, tr, btn);
        idCell.insertBefore(btn, idCell.firstChild);
      }
      cell(tr, D.classes[D.given[i]], 'label');
      var sg = cell(tr, D.classes[D.suggested[i]], 'label');
      if (D.suggested[i] === D.given[i]) sg.className += ' same';
      var pc = cell(tr, D.p[i].toFixed(3), 'num p');
      pc.style.setProperty('--p', String(D.p[i]));
      cell(tr, D.loss[i].toFixed(3), 'num');
      tr.setAttribute('data-pos', String(i));
      for (var d = 0; d < hooks.decorate.length; d++) hooks.decorate[d](tr, i);
      frag.appendChild(tr);
    }
    body.textContent = '';
    if (rows.length === 0) {
      var empty = document.createElement('tr');
      var td = cell(empty, 'No sample matches these filters.', 'empty');
      td.colSpan = cols;
      frag.appendChild(empty);
    }
    body.appendChild(frag);
    $('page-status').textContent = rows.length === 0 ? '0 rows'
      : 'Rows ' + (start + 1) + '\u2013' + end + ' of ' + rows.length + ' \u00b7 page ' + (state.page + 1) + ' of ' + pages;
    $('page-first').disabled = $('page-prev').disabled = state.page === 0;
    $('page-next').disabled = $('page-last').disabled = state.page >= pages - 1;
    var ths = document.querySelectorAll('#suspects thead th[data-key]');
    for (var t = 0; t < ths.length; t++) {
      var key = ths[t].getAttribute('data-key');
      ths[t].setAttribute('aria-sort', key === state.key ? (state.dir === 1 ? 'ascending' : 'descending') : 'none');
    }
    for (var k = 0; k < hooks.rendered.length; k++) hooks.rendered[k]();
  }

  function update() { select(); render(); }

  var heads = document.querySelectorAll('#suspects thead th[data-key] button');
  for (var h = 0; h < heads.length; h++) {
    heads[h].onclick = function () {
      var key = this.parentNode.getAttribute('data-key');
      if (state.key === key) state.dir = -state.dir;
      else { state.key = key; state.dir = keys[key].dir; }
      state.page = 0;
      update();
    };
  }
  var select_ = $('filter-class');
  for (var c = 0; c < D.classes.length; c++) {
    var o = document.createElement('option');
    o.value = String(c);
    o.textContent = D.classes[c];
    select_.appendChild(o);
  }
  select_.onchange = function () { state.cls = Number(this.value); state.page = 0; update(); };
  var timer = 0;
  $('filter-id').oninput = function () {
    var v = this.value;
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = v.trim(); state.page = 0; update(); }, 120);
  };
  var only = $('filter-flagged');
  only.checked = state.flaggedOnly;
  only.onchange = function () { state.flaggedOnly = this.checked; state.page = 0; update(); };
  $('page-first').onclick = function () { state.page = 0; render(); };
  $('page-prev').onclick = function () { state.page = Math.max(0, state.page - 1); render(); };
  $('page-next').onclick = function () { state.page++; render(); };
  $('page-last').onclick = function () { state.page = Math.ceil(rows.length / PAGE) - 1; render(); };
  // Every row the filters select, in the table's order, not only this page.
  $('download-rows').onclick = function () {
    var lines = ['rank,id,given_label,suggested_label,p_noisy,loss,flagged'];
    for (var r = 0; r < rows.length; r++) {
      var i = rows[r];
      lines.push([rankOf(i), D.id[i], D.classes[D.given[i]], D.classes[D.suggested[i]], D.p[i], D.loss[i], D.flagged.charAt(i)].map(csvField).join(','));
    }
    download('rows.csv', lines.join('\n') + '\n');
  };
  window.labelsleuthTable = {
    D: D, state: state, hooks: hooks, PAGE: PAGE, csvField: csvField, download: download,
    rows: function () { return rows; }, update: update, render: render
  };
  update();
})();
`;
