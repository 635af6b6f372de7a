import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { writeAudit } from '../../src/pipeline/write-audit.js';
import { renderHtml } from '../../src/reports/html/render.js';
import { tiny } from '../fixtures.js';
import { type Browser, launchChromium } from './chromium.js';
import { GARMENTS, syntheticReport } from './synthetic-report.js';

const dir = mkdtempSync(join(tmpdir(), 'labelsleuth-html-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(html: string, name: string): Promise<Page> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#suspects-body tr');
  return page;
}

async function column(page: Page, key: string): Promise<string[]> {
  const keys = await page.$$eval('#suspects thead th', (ths) => ths.map((th) => th.getAttribute('data-key')));
  const c = keys.indexOf(key);
  expect(c).toBeGreaterThanOrEqual(0);
  return page.$$eval('#suspects-body tr:not(.detail)', (trs, c) => trs.map((tr) => (tr.children[c]?.textContent ?? '').trim()), c);
}
const numbers = async (page: Page, key: string): Promise<number[]> => (await column(page, key)).map(Number);
// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node; innerText is the text as rendered
const status = (page: Page): Promise<string> => page.locator('#page-status').innerText();
const sortedDesc = (a: number[]): boolean => a.every((v, i) => i === 0 || v <= a[i - 1]!);
const sortedAsc = (a: number[]): boolean => a.every((v, i) => i === 0 || v >= a[i - 1]!);

describe('report.html in Chromium', () => {
  const report = syntheticReport({ n: 1500 });
  const flagged = report.samples.filter((s) => s.flagged);

  it('renders the charts and a first page of flagged suspects, with no error and no request', async () => {
    const page = await open(renderHtml(report), 'synthetic.html');
    const curves = await page.$$eval('svg path.curve', (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    expect(curves).toHaveLength(2 * (1 + report.epochs.length));
    for (const d of curves) expect(d.length).toBeGreaterThan(100);
    const bars = await page.$eval('svg path.bars', (p) => p.getAttribute('d') ?? '');
    expect(bars.split('Z').length).toBeGreaterThan(20);
    // Every chart has a visible size on the page.
    const boxes = await page.$$eval('svg', (ss) => ss.map((s) => s.getBoundingClientRect().width * s.getBoundingClientRect().height));
    for (const area of boxes) expect(area).toBeGreaterThan(1000);

    expect(flagged.length).toBeGreaterThan(100);
    expect(await numbers(page, 'rank')).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await status(page)).toBe(`Rows 1–100 of ${flagged.length} · page 1 of ${Math.ceil(flagged.length / 100)}`);
    expect(await column(page, 'id')).toEqual(flagged.slice(0, 100).map((s) => s.id));
    expect(browser.errors).toEqual([]);
    const shot = join(tmpdir(), 'labelsleuth-report-synthetic.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    await page.close();
  });

  it('sorts by a clicked header, and the other way on a second click', async () => {
    const page = await open(renderHtml(report), 'sort.html');
    await page.click('th[data-key="loss"] button');
    const down = await numbers(page, 'loss');
    expect(sortedDesc(down)).toBe(true);
    expect(down[0]).toBeCloseTo(Math.max(...flagged.map((s) => s.loss)), 3);
    expect(await page.getAttribute('th[data-key="loss"]', 'aria-sort')).toBe('descending');
    await page.click('th[data-key="loss"] button');
    const up = await numbers(page, 'loss');
    expect(sortedAsc(up)).toBe(true);
    expect(up[0]).toBeCloseTo(Math.min(...flagged.map((s) => s.loss)), 3);
    await page.click('th[data-key="given"] button');
    const given = await column(page, 'given');
    expect(given[0]).toBe([...flagged.map((s) => s.givenLabel)].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }))[0]);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('filters by given class, by id text and by flagged, and pages through the result', async () => {
    const page = await open(renderHtml(report), 'filter.html');
    const cls = GARMENTS.indexOf('Coat');
    await page.selectOption('#filter-class', String(cls));
    const coats = flagged.filter((s) => s.givenLabel === 'Coat');
    expect(new Set(await column(page, 'given'))).toEqual(new Set(['Coat']));
    expect(await column(page, 'id')).toEqual(coats.slice(0, 100).map((s) => s.id));

    await page.uncheck('#filter-flagged');
    const allCoats = report.samples.filter((s) => s.givenLabel === 'Coat');
    await expect.poll(() => status(page)).toContain(`of ${allCoats.length} ·`);

    await page.selectOption('#filter-class', '-1');
    await page.fill('#filter-id', 's-12');
    const matching = report.samples.filter((s) => s.id.includes('s-12'));
    await expect.poll(() => column(page, 'id')).toEqual(matching.slice(0, 100).map((s) => s.id));

    await page.fill('#filter-id', 'no such id');
    await expect.poll(() => page.locator('#suspects-body td.empty').count()).toBe(1);
    await page.fill('#filter-id', '');
    await expect.poll(() => status(page)).toBe(`Rows 1–100 of ${report.samples.length} · page 1 of 15`);

    await page.click('#page-next');
    expect((await numbers(page, 'rank'))[0]).toBe(101);
    await page.click('#page-last');
    expect(await status(page)).toBe(`Rows 1401–1500 of 1500 · page 15 of 15`);
    expect(await page.isDisabled('#page-next')).toBe(true);
    await page.click('#page-first');
    expect((await numbers(page, 'rank'))[0]).toBe(1);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('shows a real audit written by writeAudit, with the original CSV values of a suspect', async () => {
    const { report: real } = await runAudit({ path: tiny.csv, id: 'id', truth: tiny.truth, backend: 'wasm', epochs: 3 });
    const out = join(dir, 'audit');
    await writeAudit(out, real);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    await page.waitForSelector('#suspects-body tr');
    const realFlagged = real.samples.filter((s) => s.flagged).length;
    expect(await page.locator('#suspects-body tr').count()).toBe(Math.min(100, realFlagged));
    expect(await page.locator('#evaluation').count()).toBe(1);
    await page.click('#suspects-body button.expand');
    const fields = await page.locator('#suspects-body tr.detail .fields span').count();
    expect(fields).toBe(real.dataset.featureSize + 2); // id, label and the 49 pixels
    expect(browser.errors).toEqual([]);
    const shot = join(tmpdir(), 'labelsleuth-report-tiny.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    await page.close();
  });
});
