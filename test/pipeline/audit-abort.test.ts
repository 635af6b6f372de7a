import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { tiny } from '../fixtures.js';

describe('runAudit with an AbortSignal', () => {
  it('stops after the current batch and reports the finished epochs as partial', async () => {
    const controller = new AbortController();
    const { report } = await runAudit({
      path: tiny.csv,
      id: 'id',
      epochs: 50,
      batchSize: 4,
      backend: 'cpu',
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'epoch' && e.record.epoch === 2) controller.abort();
      },
    });
    expect(report.partial).toEqual({ stoppedBy: 'abort', epochsCompleted: 2, epochsRequested: 50 });
    expect(report.epochs).toHaveLength(2);
    expect(report.samples).toHaveLength(600);
  });

  it('rejects with the reason when aborted before any epoch finished', async () => {
    const controller = new AbortController();
    controller.abort(new Error('changed my mind'));
    await expect(runAudit({ path: tiny.csv, id: 'id', backend: 'cpu', signal: controller.signal })).rejects.toThrow('changed my mind');
  });
});
