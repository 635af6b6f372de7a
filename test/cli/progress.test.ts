import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatDuration, progressReporter, timing } from '../../src/cli/progress.js';

/** A terminal that keeps what is written to it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; written: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY: true, columns: 160, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
  ) as unknown as NodeJS.WriteStream;
  return { stream, written: () => text };
}

describe('the progress bar', () => {
  it('formats durations the way a person reads them', () => {
    expect([3.4, 59.6, 125, 3 * 3600 + 4 * 60].map(formatDuration)).toEqual(['3s', '1m 00s', '2m 05s', '3h 04m']);
    expect(formatDuration(Number.NaN)).toBe('?');
  });

  it('reports elapsed time and the time left at the rate so far, over the whole run', () => {
    // 10 s for 20 of 100 batches: 40 s left.
    expect(timing(0, 10_000, 20, 100)).toEqual({ spent: '10s', left: '40s' });
    expect(timing(0, 0, 0, 100)).toEqual({ spent: '0s', left: '?' });
  });

  it('draws them on a terminal', () => {
    const { stream, written } = fakeTerminal();
    const p = progressReporter(stream, false);
    p.onEvent({ kind: 'batch', epoch: 1, epochs: 3, batch: 1, batches: 10 });
    p.onEvent({ kind: 'batch', epoch: 1, epochs: 3, batch: 2, batches: 10 });
    p.stop();
    expect(written()).toMatch(/epoch 1\/3 \[.*\] \d+% \| \d+s elapsed, at most (\d+s|\?) left/);
  });

  it('shows the rows read while a table loads: in place on a terminal, then the loaded line below', () => {
    const { stream, written } = fakeTerminal();
    const p = progressReporter(stream, false);
    p.onEvent({ kind: 'reading', rows: 65_536 });
    p.onEvent({ kind: 'reading', rows: 131_072 });
    p.onEvent({ kind: 'loaded', rows: 140_000, features: 50, classes: 10 });
    expect(written()).toMatch(/^\rreading: 65536 rows, \d+s\rreading: 131072 rows, \d+s\nloaded 140000 samples/);
  });
});
