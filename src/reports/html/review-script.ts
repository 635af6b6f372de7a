/**
 * Review in the page, keyboard first: a cursor row in the suspects table and one key per decision
 * (y: use the suggested label, c: pick another class, d: drop, k: the label is right, s: skip,
 * u: undo; j or down / up: move). Decisions live in localStorage under the report's own key, are
 * exported as decisions.csv (reports/decisions.ts has the format), and, when `labelsleuth review`
 * serves the page (http:, with its token in the URL), are sent to it as they are made so it can
 * write decisions.csv beside the report. Plain ES2015 like the table script, whose hooks it uses.
 */
export const REVIEW_SCRIPT = String.raw`(function () {
  'use strict';
  var T = window.labelsleuthTable;
  var D = T.D;
  var n = D.id.length;
  var $ = function (id) { return document.getElementById(id); };
  var KEY = 'labelsleuth-decisions:' + D.reportKey;
  var KINDS = { relabel: 1, drop: 1, keep: 1, skip: 1 };
  var posOf = Object.create(null);
  for (var i = 0; i < n; i++) posOf[D.id[i]] = i;
  var classOf = Object.create(null);
  for (var c = 0; c < D.classes.length; c++) classOf[D.classes[c]] = c;
  // By position: { d: decision, to: class index of a relabel (else -1), at: ISO time }.
  var dec = Object.create(null);
  var cur = -1;
  var hide = false;
  var token = new URLSearchParams(location.search).get('token');
  var served = /^https?:$/.test(location.protocol) && !!token;
  var pending = [];
  var sending = false;

  function status(text) { $('review-status').textContent = text; }
  function isSuspect(i) { return D.flaggedCount === 0 || D.flagged.charCodeAt(i) === 49; }
  function asRow(i) { var x = dec[i]; return [D.id[i], x.d, x.to >= 0 ? D.classes[x.to] : '', x.at]; }

  function put(i, row) {
    if (!KINDS[row[1]] || (row[1] === 'relabel' && !(row[2] in classOf))) return false;
    dec[i] = { d: row[1], to: row[1] === 'relabel' ? classOf[row[2]] : -1, at: String(row[3] || '') };
    return true;
  }
  function load() {
    var raw;
    try { raw = JSON.parse(localStorage.getItem(KEY) || '{}'); } catch (e) { raw = {}; }
    for (var id in raw) if (id in posOf && raw[id]) put(posOf[id], [id, raw[id][0], raw[id][1], raw[id][2]]);
  }
  function save() {
    var out = {};
    for (var k in dec) out[D.id[k]] = asRow(k).slice(1);
    try { localStorage.setItem(KEY, JSON.stringify(out)); }
    catch (e) { status('Could not keep the decisions in this browser (' + e.name + '): export decisions.csv now.'); }
  }

  // Served by labelsleuth review: every change goes to the server, which writes decisions.csv.
  function flush() {
    if (!served || sending || pending.length === 0) return;
    var batch = pending;
    pending = [];
    sending = true;
    fetch('/api/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Labelsleuth-Token': token }, body: JSON.stringify(batch) })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.error || r.status); return b; }); })
      .then(function (b) { sending = false; status('Saved to ' + b.file + ' (' + b.decisions + ' decisions).'); flush(); })
      .catch(function (e) {
        sending = false;
        pending = batch.concat(pending);
        status('Not saved to disk yet (' + e.message + '); kept in this browser, retrying.');
        setTimeout(flush, 2000);
      });
  }
  function send(i) {
    if (!served) return;
    pending.push(dec[i] ? { id: D.id[i], decision: dec[i].d, new_label: dec[i].to >= 0 ? D.classes[dec[i].to] : '', decided_at: dec[i].at } : { id: D.id[i], decision: null });
    flush();
  }
  function pull() {
    fetch('/api/decisions', { headers: { 'X-Labelsleuth-Token': token } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (b) {
        var there = Object.create(null);
        b.rows.forEach(function (row) {
          var i = posOf[row[0]];
          if (i === undefined) return;
          there[i] = String(row[3]);
          // The later decision wins, so a browser that decided while the server was down loses nothing.
          if (!dec[i] || dec[i].at <= there[i]) put(i, row);
        });
        for (var k in dec) if (!(k in there) || dec[k].at > there[k]) send(Number(k));
        save();
        refresh();
      })
      .catch(function (e) { status('Could not read the saved decisions (' + e.message + ').'); });
  }

  function decide(kind, to) {
    if (cur < 0) return;
    if (kind === null) delete dec[cur];
    else dec[cur] = { d: kind, to: kind === 'relabel' ? to : -1, at: new Date().toISOString() };
    save();
    send(cur);
    if (kind !== null) advance();
    refresh();
  }
  function advance() {
    var rows = T.rows();
    var r = rows.indexOf(cur);
    for (var k = 1; k <= rows.length; k++) {
      var j = rows[(r + k) % rows.length];
      if (!dec[j]) { cur = j; return; }
    }
  }
  function move(step) {
    var rows = T.rows();
    if (rows.length === 0) return;
    var r = rows.indexOf(cur);
    cur = rows[Math.max(0, Math.min(rows.length - 1, r < 0 ? 0 : r + step))];
    refresh();
  }
  function refresh() {
    // The hide-decided view hands a decided cursor row on to the next undecided one.
    if (hide && cur >= 0 && dec[cur]) advance();
    T.update();
    var rows = T.rows();
    if (rows.indexOf(cur) < 0) cur = rows.length ? rows[0] : -1;
    var r = rows.indexOf(cur);
    if (r >= 0 && Math.floor(r / T.PAGE) !== T.state.page) { T.state.page = Math.floor(r / T.PAGE); T.render(); }
    else T.render();
    var total = 0, done = 0, other = 0;
    for (var i = 0; i < n; i++) if (isSuspect(i)) { total++; if (dec[i]) done++; }
    for (var k in dec) if (!isSuspect(Number(k))) other++;
    $('review-progress').textContent = done + ' of ' + total + ' reviewed' + (other ? ' (and ' + other + ' other samples)' : '');
    card();
    var row = document.querySelector('#suspects-body tr.cursor');
    if (row && document.activeElement && document.activeElement.tagName !== 'INPUT') row.scrollIntoView({ block: 'nearest' });
  }

  function img(pos, size) {
    var src = D.thumbs && D.thumbs[pos];
    if (!src) return null;
    var im = document.createElement('img');
    im.src = src;
    im.alt = D.id[pos];
    im.width = im.height = size;
    im.onclick = function () { zoom(pos); };
    return im;
  }
  function strip(box, cls, label, size) {
    var ex = D.examples && D.examples[cls];
    if (!ex) return;
    var fig = document.createElement('figure');
    var cap = document.createElement('figcaption');
    cap.textContent = 'clean ' + D.classes[cls] + ' ' + label;
    fig.appendChild(cap);
    for (var e = 0; e < ex.length; e++) { var im = img(ex[e], size); if (im) fig.appendChild(im); }
    box.appendChild(fig);
  }
  function compare(box, pos, big, small) {
    box.textContent = '';
    // A table row has no picture: its original values are what a person compares instead.
    var f = !D.thumbs && D.original && D.original.rows[pos];
    if (f) {
      var fields = document.createElement('div');
      fields.className = 'fields';
      for (var c = 0; c < D.original.header.length; c++) {
        var span = document.createElement('span'), b = document.createElement('b');
        b.textContent = D.original.header[c];
        span.appendChild(b);
        span.appendChild(document.createTextNode(' ' + (f[c] === undefined ? '' : f[c])));
        fields.appendChild(span);
      }
      box.appendChild(fields);
    }
    var main = document.createElement('figure');
    var im = img(pos, big);
    if (im) { main.appendChild(im); main.className = 'main'; box.appendChild(main); }
    strip(box, D.given[pos], '(given)', small);
    if (D.suggested[pos] !== D.given[pos]) strip(box, D.suggested[pos], '(suggested)', small);
  }
  function zoom(pos) {
    var z = $('zoom');
    compare($('zoom-images'), pos, 280, 96);
    $('zoom-title').textContent = D.id[pos] + ': labelled ' + D.classes[D.given[pos]] + ', suggested ' + D.classes[D.suggested[pos]];
    z.hidden = false;
    $('zoom-close').focus();
  }
  function card() {
    var box = $('review-current');
    if (cur < 0) { box.textContent = 'No sample matches these filters.'; $('review-images').textContent = ''; return; }
    var x = dec[cur];
    box.textContent = '#' + (D.rank ? D.rank[cur] : cur + 1) + ' ' + D.id[cur] + ': labelled ' + D.classes[D.given[cur]] + ', suggested ' + D.classes[D.suggested[cur]] +
      ' (p_noisy ' + D.p[cur].toFixed(3) + ')' + (x ? ' \u2014 decided: ' + label(x) : '');
    compare($('review-images'), cur, 96, 48);
    $('act-relabel').textContent = 'y: use ' + D.classes[D.suggested[cur]];
    $('act-relabel').disabled = D.suggested[cur] === D.given[cur];
  }
  function label(x) { return x.d === 'relabel' ? '\u2192 ' + D.classes[x.to] : x.d; }

  function openPicker() {
    if (cur < 0) return;
    var list = $('picker-list');
    list.textContent = '';
    for (var c = 0; c < D.classes.length; c++) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = (c < 9 ? c + 1 + ' ' : '') + D.classes[c];
      b.setAttribute('data-class', String(c));
      b.onclick = function () { closePicker(); decide('relabel', Number(this.getAttribute('data-class'))); };
      if (c === D.given[cur]) b.disabled = true;
      list.appendChild(b);
    }
    $('picker').hidden = false;
    var first = list.querySelector('button:not([disabled])');
    if (first) first.focus();
  }
  function closePicker() { $('picker').hidden = true; }
  function pickerKey(e) {
    var buttons = Array.prototype.slice.call($('picker-list').querySelectorAll('button:not([disabled])'));
    var at = buttons.indexOf(document.activeElement);
    if (e.key === 'Escape') closePicker();
    else if (e.key === 'ArrowDown' || e.key === 'j') { if (buttons.length) buttons[(at + 1) % buttons.length].focus(); }
    else if (e.key === 'ArrowUp') { if (buttons.length) buttons[(at - 1 + buttons.length) % buttons.length].focus(); }
    else if (/^[1-9]$/.test(e.key)) {
      var b = $('picker-list').querySelector('button[data-class="' + (Number(e.key) - 1) + '"]');
      if (b && !b.disabled) b.click();
    } else return;
    e.preventDefault();
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (!$('picker').hidden) return pickerKey(e);
    if (!$('zoom').hidden) { if (e.key === 'Escape') { $('zoom').hidden = true; e.preventDefault(); } return; }
    var t = e.target;
    if (t && (t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type !== 'checkbox'))) return;
    var acts = {
      y: function () { if (cur >= 0 && D.suggested[cur] !== D.given[cur]) decide('relabel', D.suggested[cur]); },
      c: openPicker, d: function () { decide('drop'); }, k: function () { decide('keep'); }, s: function () { decide('skip'); },
      u: function () { decide(null); }, Backspace: function () { decide(null); },
      j: function () { move(1); }, ArrowDown: function () { move(1); }, ArrowUp: function () { move(-1); }
    };
    var act = acts[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  });

  T.hooks.filters.push(function (i) { return !hide || !dec[i] || i === cur; });
  T.hooks.decorate.push(function (tr, i) {
    var td = document.createElement('td');
    td.className = 'decision';
    if (dec[i]) { td.textContent = label(dec[i]); tr.className += ' decided'; }
    tr.appendChild(td);
    if (i === cur) tr.className += ' cursor';
    tr.onclick = function (e) { if (e.target.tagName !== 'BUTTON' && e.target.tagName !== 'IMG') { cur = i; refresh(); } };
    var thumb = tr.querySelector('td.thumb img');
    if (thumb) thumb.onclick = function () { cur = i; refresh(); zoom(i); };
  });
  $('hide-decided').onchange = function () { hide = this.checked; refresh(); };
  $('act-relabel').onclick = function () { decide('relabel', D.suggested[cur]); };
  $('act-other').onclick = openPicker;
  $('act-drop').onclick = function () { decide('drop'); };
  $('act-keep').onclick = function () { decide('keep'); };
  $('act-skip').onclick = function () { decide('skip'); };
  $('act-undo').onclick = function () { decide(null); };
  $('picker-cancel').onclick = closePicker;
  $('zoom-close').onclick = function () { $('zoom').hidden = true; };
  $('zoom').onclick = function (e) { if (e.target === this) this.hidden = true; };
  $('export-decisions').onclick = function () {
    var lines = ['id,decision,new_label,decided_at'];
    var keys = Object.keys(dec).map(Number).sort(function (a, b) { return a - b; });
    for (var k = 0; k < keys.length; k++) lines.push(asRow(keys[k]).map(T.csvField).join(','));
    T.download('decisions.csv', lines.join('\n') + '\n');
  };

  load();
  var first = T.rows();
  for (var r = 0; r < first.length && cur < 0; r++) if (!dec[first[r]]) cur = first[r];
  if (cur < 0 && first.length) cur = first[0];
  status(served ? 'Decisions are saved to decisions.csv beside the report as you make them.' : 'Decisions are kept in this browser; export decisions.csv to apply them with labelsleuth clean --decisions.');
  refresh();
  if (served) pull();
})();
`;
