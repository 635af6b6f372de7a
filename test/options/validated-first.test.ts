import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { AuditOptions } from '../../src/options/audit.js';
import type { RetrainOptions } from '../../src/options/retrain.js';
import { runAudit } from '../../src/pipeline/audit.js';
import { runRetrain } from '../../src/pipeline/retrain.js';

// A path that does not exist: if the options were checked after the data was read, these would be file errors.
const missing = 'no-such-dir/no-such.csv';

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe('a library caller with a bad option fails before any file is read', () => {
  it('runAudit: a misspelt aggregate names the allowed methods', async () => {
    const e = await rejection(runAudit({ path: missing, aggregate: 'meen-loss' as AuditOptions['aggregate'] }));
    expect(e.kind).toBe('option');
    expect(e.message).toBe('--aggregate must be one of mean-margin, last, mean-loss, mean-posterior, got meen-loss');
    // The same path with good options is a file error, so the one above was raised first.
    expect((await rejection(runAudit({ path: missing }))).kind).toBe('file');
  });

  it('runRetrain: a misspelt schedule or channels mode, and a batch of one', async () => {
    const schedule = await rejection(runRetrain({ path: missing, schedule: 'cosine' as RetrainOptions['schedule'] }));
    expect(schedule.kind).toBe('option');
    expect(schedule.message).toBe('--schedule must be one of constant, step, got cosine');
    const channels = await rejection(runRetrain({ path: missing, channels: 'grey' as RetrainOptions['channels'] }));
    expect(channels.message).toBe('--channels must be one of auto, gray, rgb, got grey');
    expect((await rejection(runRetrain({ path: missing, batchSize: 1 }))).message).toBe('--batch-size must be a whole number from 2 to 65536, got 1');
    expect((await rejection(runRetrain({ path: missing }))).kind).toBe('file');
  });
});
