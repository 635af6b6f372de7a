import cliProgress from 'cli-progress';
import { describeBackend } from '../backend/choices.js';
import type { AuditEvent } from '../pipeline/audit.js';
import type { EpochRecord } from '../reports/report.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** "8s", "2m 05s", "1h 03m": what a person glances at on a progress bar. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Elapsed time since the first batch and the time left at the rate so far, for the whole run: the
 * bar restarts every epoch, so its own timers would count only the current epoch. The time left
 * assumes every epoch runs; the memorisation stop may end training sooner, so it is an upper bound.
 */
export function timing(startedMs: number, nowMs: number, done: number, total: number): { spent: string; left: string } {
  const elapsed = (nowMs - startedMs) / 1000;
  const left = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
  // Not "eta" / "duration": cli-progress fills those tokens itself, from the current epoch's bar only.
  return { spent: formatDuration(elapsed), left: formatDuration(left) };
}

function epochLine(e: EpochRecord, epochs: number): string {
  return (
    `epoch ${String(e.epoch).padStart(String(epochs).length)}/${epochs}  loss ${e.trainLoss.toFixed(4)}  ` +
    `agrees with labels ${pct(e.agreement)}  est. wrong labels ${pct(e.estimatedNoise)}  ${e.seconds.toFixed(1)} s\n`
  );
}

/** The lines both modes print: which backend runs, what was loaded. */
function announce(stream: NodeJS.WritableStream, e: AuditEvent): void {
  if (e.kind === 'backend') {
    const why = e.backend.fallbackReason ? ` (${e.backend.fallbackReason})` : '';
    stream.write(`backend: ${describeBackend(e.backend)}${why}\n`);
  }
  if (e.kind === 'loaded') stream.write(`loaded ${e.rows} samples, ${e.features} features, ${e.classes} classes\n`);
}

/**
 * While a big table loads (a million rows take tens of seconds before the first epoch): on a
 * terminal one line rewritten in place, otherwise a line at most every 5 seconds.
 */
function readingReporter(stream: NodeJS.WriteStream): (e: AuditEvent) => void {
  let open = false;
  let started: number | undefined;
  let lastLine = Number.NEGATIVE_INFINITY;
  return (e) => {
    if (e.kind !== 'reading') {
      if (open) stream.write('\n');
      open = false;
      return;
    }
    const now = performance.now();
    started ??= now;
    const text = `reading: ${e.rows} rows, ${formatDuration((now - started) / 1000)}`;
    if (stream.isTTY) {
      stream.write(`\r${text}`);
      open = true;
    } else if (now - lastLine >= 5000) {
      stream.write(`${text}\n`);
      lastLine = now;
    }
  };
}

export interface Progress {
  onEvent(e: AuditEvent): void;
  stop(): void;
}

/**
 * Progress on stderr, so stdout carries only the report: a live bar on a terminal, one line per
 * epoch when stderr is piped or captured (logs stay readable), nothing with --quiet.
 */
export function progressReporter(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return { onEvent: () => {}, stop: () => {} };
  const reading = readingReporter(stream);
  if (!stream.isTTY) {
    return {
      onEvent: (e) => {
        reading(e);
        announce(stream, e);
        if (e.kind === 'epoch') stream.write(epochLine(e.record, e.epochs));
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | {spent} elapsed, at most {left} left', hideCursor: true, clearOnComplete: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  let started: number | undefined;
  return {
    onEvent: (e) => {
      reading(e);
      announce(stream, e);
      if (e.kind === 'batch') {
        const value = (e.epoch - 1) * e.batches + e.batch;
        started ??= performance.now();
        const times = timing(started, performance.now(), value, e.epochs * e.batches);
        if (running) bar.update(value, { epoch: e.epoch, ...times });
        else bar.start(e.epochs * e.batches, value, { epoch: e.epoch, epochs: e.epochs, ...times });
        running = true;
      }
      if (e.kind === 'epoch') {
        // Clear the bar, print the finished epoch's line, and let the next batch draw a new bar below it.
        bar.stop();
        running = false;
        stream.write(epochLine(e.record, e.epochs));
      }
    },
    stop: () => bar.stop(),
  };
}

/**
 * Decoding an image folder takes a while before the first epoch: show it. A bar on a terminal, one
 * line when done otherwise; the epoch progress is left to the shared reporter.
 */
export function withDecodeProgress(inner: Progress, quiet: boolean): Progress {
  if (quiet) return inner;
  const stream = process.stderr;
  const bar = stream.isTTY
    ? new cliProgress.SingleBar(
        { stream, format: 'decoding images [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true, barsize: 30 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = 0;
  return {
    onEvent: (e) => {
      if (e.kind !== 'decode') return inner.onEvent(e);
      if (e.done === 1) {
        started = performance.now();
        bar?.start(e.total, 0);
      }
      bar?.update(e.done);
      if (e.done === e.total) {
        bar?.stop();
        stream.write(`decoded ${e.total} images in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      }
    },
    stop: () => {
      bar?.stop();
      inner.stop();
    },
  };
}
