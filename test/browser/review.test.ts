/**
 * Reviewing in report.html, in real Chromium: decisions by keyboard that survive a reload, the
 * hide-decided view, the clean examples beside an enlarged thumbnail, the CSV exports, and the
 * phone layout (no page wider than a 390 px screen).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reports/html/render.js';
import { runCli, tempDir } from '../cli/run-cli.js';
import { startReview } from '../cli/review-server.js';
import { tiny } from '../fixtures.js';
import { type Browser, launchChromium } from './chromium.js';
import { syntheticReport } from './synthetic-report.js';
import { expectValidDecisionsCsv } from '../support/schemas.js';

// A 2x2 grey PNG: any image will do for the layout.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNgYGBgYGAAAAAFAAFkD+w9AAAAAElFTkSuQmCC';
const dir = mkdtempSync(join(tmpdir(), 'labelsleuth-review-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = syntheticReport({ n: 400, id: (i) => `class-${i % 7}/deeply/nested/folder/name/image_${String(i).padStart(5, '0')}.png` });
const flagged = report.samples.filter((s) => s.flagged);
const thumbnails = new Map(report.samples.map((s) => [s.index, PNG]));
const file = join(dir, 'report.html');
writeFileSync(file, renderHtml(report, { thumbnails }));

async function open(url = pathToFileURL(file).href, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(url);
  await page.waitForSelector('#suspects-body tr[data-pos]');
  return page;
}
const text = (page: Page, sel: string): Promise<string> => page.$eval(sel, (e) => e.textContent ?? '');
/** Decision cells of the shown rows, by id. */
const decisions = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('#suspects-body tr[data-pos]', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.querySelector('td.id')?.textContent ?? '', tr.querySelector('td.decision')?.textContent ?? ''])),
  );
// The id cell's text without its expand button (CSV audits show the original values behind a +).
let audited: Promise<string> | undefined;
/** One real audit of the tiny fixture for the tests that need one (2 epochs: seconds). */
function realReport(): Promise<string> {
  audited ??= (async () => {
    const out = join(await tempDir(), 'report');
    const audit = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '2', '--quiet', '--backend', 'wasm', '--out', out]);
    expect(audit.code, audit.stderr).toBe(0);
    return out;
  })();
  return audited;
}
const cursorId = (page: Page): Promise<string> => page.$eval('#suspects-body tr.cursor td.id', (td) => td.textContent?.replace(/^[+\u2212]/, '') ?? '');

describe('review in report.html (Chromium)', () => {
  it('decides with the keyboard, keeps the decisions over a reload, hides decided rows and exports decisions.csv', async () => {
    const page = await open();
    expect(await text(page, '#review-progress')).toBe(`0 of ${flagged.length} reviewed`);
    expect(await cursorId(page)).toBe(flagged[0]!.id);
    // Walk the first five flagged suspects: relabel to the suggestion (or keep when it is its own label), drop, keep, skip, pick a class.
    const s = flagged.slice(0, 5);
    const first = s[0]!.suggestedLabel !== s[0]!.givenLabel ? 'y' : 'k';
    await page.keyboard.press(first);
    await page.keyboard.press('d');
    await page.keyboard.press('k');
    await page.keyboard.press('s');
    expect(await cursorId(page)).toBe(s[4]!.id);
    await page.keyboard.press('c');
    await page.waitForSelector('#picker:not([hidden])');
    const pickIndex = report.dataset.classes.findIndex((c) => c.name !== s[4]!.givenLabel);
    await page.keyboard.press(String(pickIndex + 1));
    const picked = report.dataset.classes[pickIndex]!.name;
    expect(await page.isHidden('#picker')).toBe(true);
    const want: Record<string, string> = {
      [s[0]!.id]: first === 'y' ? `→ ${s[0]!.suggestedLabel}` : 'keep',
      [s[1]!.id]: 'drop',
      [s[2]!.id]: 'keep',
      [s[3]!.id]: 'skip',
      [s[4]!.id]: `→ ${picked}`,
    };
    const shown = await decisions(page);
    for (const [id, d] of Object.entries(want)) expect(shown[id]).toBe(d);
    expect(await text(page, '#review-progress')).toBe(`5 of ${flagged.length} reviewed`);
    expect(await cursorId(page)).toBe(flagged[5]!.id);
    // Up goes back, u undoes, the cursor stays.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('u');
    expect(await text(page, '#review-progress')).toBe(`4 of ${flagged.length} reviewed`);
    await page.keyboard.press('c');
    await page.keyboard.press(String(pickIndex + 1));

    await page.reload();
    await page.waitForSelector('#suspects-body tr[data-pos]');
    expect(await text(page, '#review-progress')).toBe(`5 of ${flagged.length} reviewed`);
    const again = await decisions(page);
    for (const [id, d] of Object.entries(want)) expect(again[id]).toBe(d);
    expect(await cursorId(page)).toBe(flagged[5]!.id);

    await page.check('#hide-decided');
    const visible = Object.keys(await decisions(page));
    for (const id of Object.keys(want)) expect(visible).not.toContain(id);
    expect(visible[0]).toBe(flagged[5]!.id);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-decisions')]);
    expect(download.suggestedFilename()).toBe('decisions.csv');
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv[0]).toBe('id,decision,new_label,decided_at');
    const rows = csv.slice(1).map((l) => l.split(','));
    // Rank order, one row per decision, ISO times.
    expect(rows.map((r) => r[0])).toEqual(s.map((x) => x.id));
    expect(rows.map((r) => r[1])).toEqual([first === 'y' ? 'relabel' : 'keep', 'drop', 'keep', 'skip', 'relabel']);
    expect(rows.map((r) => r[2])).toEqual([first === 'y' ? s[0]!.suggestedLabel : '', '', '', '', picked]);
    for (const r of rows) expect(Number.isNaN(Date.parse(r[3]!))).toBe(false);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('another report in the same browser starts with no decisions', async () => {
    const other = join(dir, 'other.html');
    writeFileSync(other, renderHtml({ ...report, createdAt: '2026-02-02T00:00:00.000Z' }, { thumbnails }));
    const page = await open(pathToFileURL(other).href);
    expect(await text(page, '#review-progress')).toBe(`0 of ${flagged.length} reviewed`);
    await page.close();
  });

  it('enlarges a thumbnail next to clean examples of the given and the suggested class', async () => {
    const page = await open();
    const target = flagged.find((x) => x.suggestedLabel !== x.givenLabel)!;
    await page.fill('#filter-id', target.id);
    await expect.poll(() => page.locator('#suspects-body tr[data-pos]').count()).toBe(1);
    await page.click('#suspects-body td.thumb img');
    await page.waitForSelector('#zoom:not([hidden])');
    const captions = await page.$$eval('#zoom-images figcaption', (cs) => cs.map((c) => c.textContent));
    expect(captions).toEqual([`clean ${target.givenLabel} (given)`, `clean ${target.suggestedLabel} (suggested)`]);
    expect(await page.locator('#zoom-images figure.main img').count()).toBe(1);
    const examples = await page.locator('#zoom-images figure:not(.main) img').count();
    expect(examples).toBeGreaterThanOrEqual(2);
    expect(examples).toBeLessThanOrEqual(6);
    const width = await page.$eval('#zoom-images figure.main img', (i) => i.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(200);
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#zoom')).toBe(true);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('downloads the filtered rows as CSV', async () => {
    const page = await open();
    await page.selectOption('#filter-class', String(report.dataset.classes.findIndex((c) => c.name === 'Coat')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-rows')]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('rank,id,given_label,suggested_label,p_noisy,loss,flagged');
    const coats = flagged.filter((x) => x.givenLabel === 'Coat');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(coats.map((x) => x.id));
    await page.close();
  });

  it('fits a 390 px phone screen: no sideways page scroll, the table scrolls in its own box, ids wrap', async () => {
    const page = await open(undefined, { width: 390, height: 844 });
    // A string, evaluated in the page: the test's own types know no DOM globals.
    const widths = (await page.evaluate('({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth })')) as Record<string, number>;
    expect(widths.view).toBe(390);
    expect(widths.doc).toBeLessThanOrEqual(390);
    expect(widths.body).toBeLessThanOrEqual(390);
    const box = (await page.evaluate(
      "(() => { const b = document.querySelector('.table-box'); return { client: b.clientWidth, overflow: getComputedStyle(b).overflowX }; })()",
    )) as {
      client: number;
      overflow: string;
    };
    expect(box.client).toBeLessThanOrEqual(390);
    expect(box.overflow).toBe('auto');
    // A long path id takes several lines instead of widening its column.
    const idCell = await page.$eval('#suspects-body td.id', (td) => ({ h: td.getBoundingClientRect().height, w: td.getBoundingClientRect().width }));
    expect(idCell.w).toBeLessThan(200);
    expect(idCell.h).toBeGreaterThan(30);
    // Chart labels stay readable: at least 9 px on screen.
    const label = await page.$eval('#final-fit svg text', (t) => t.getBoundingClientRect().height);
    expect(label).toBeGreaterThanOrEqual(9);
    const shot = join(tmpdir(), 'labelsleuth-report-phone.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('exports decisions from a real audit that clean --decisions applies: only those rows change', async () => {
    const out = await realReport();
    const work = await tempDir();
    const page = await open(pathToFileURL(join(out, 'report.html')).href);
    // A CSV suspect is shown with its original values beside the decision buttons.
    expect(await page.locator('#review-images .fields span').count()).toBe(51);
    const ids: string[] = [];
    for (const key of ['d', 'c', 'k']) {
      ids.push(await cursorId(page));
      await page.keyboard.press(key);
      if (key === 'c') await page.keyboard.press('Enter'); // the first class the picker offers
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-decisions')]);
    const decisions = join(work, 'decisions.csv');
    writeFileSync(decisions, readFileSync((await download.path())!));
    expectValidDecisionsCsv(decisions);
    await page.close();
    const fixed = join(work, 'fixed.csv');
    const r = await runCli(['clean', tiny.csv, '--decisions', decisions, '--report', out, '--out', fixed]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const before = readFileSync(tiny.csv, 'utf8').trimEnd().split('\n');
    const after = readFileSync(fixed, 'utf8').trimEnd().split('\n');
    expect(after).toHaveLength(before.length - 1);
    const changed = before.filter((l) => !after.includes(l)).map((l) => l.split(',')[0]);
    expect(changed.sort()).toEqual([ids[0], ids[1]].sort());
    const relabelled = after.find((l) => l.startsWith(`${ids[1]},`))!;
    const original = before.find((l) => l.startsWith(`${ids[1]},`))!;
    expect(relabelled.split(',')[1]).not.toBe(original.split(',')[1]);
    expect(relabelled.split(',').slice(2)).toEqual(original.split(',').slice(2));
    expect(browser.errors).toEqual([]);
  });

  it('served by labelsleuth review, writes each decision to decisions.csv as it is made', async () => {
    const dir = join(await tempDir(), 'report');
    cpSync(await realReport(), dir, { recursive: true });
    const server = await startReview([dir, '--port', '0']);
    try {
      const page = await open(server.url.href);
      await expect.poll(() => text(page, '#review-status')).toContain('Decisions are saved to decisions.csv');
      const first = await cursorId(page);
      await page.keyboard.press('d');
      const second = await cursorId(page);
      await page.keyboard.press('k');
      await expect.poll(() => text(page, '#review-status')).toContain('(2 decisions)');
      const rows = readFileSync(join(dir, 'decisions.csv'), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(0, 3).join(','));
      expect(rows).toEqual([`${first},drop,`, `${second},keep,`]);
      expectValidDecisionsCsv(join(dir, 'decisions.csv'));
      // A reload reads them back from the server.
      await page.reload();
      await page.waitForSelector('#suspects-body tr[data-pos]');
      await expect.poll(() => text(page, '#review-progress')).toMatch(/^2 of \d+ reviewed$/);
      await page.close();
      // The served page may talk to its own server and nothing else.
      expect(browser.errors.filter((e) => !e.startsWith(`request: ${server.url.origin}/`))).toEqual([]);
    } finally {
      server.child.kill('SIGINT');
      expect(await server.exited).toBe(130);
    }
  });
});
