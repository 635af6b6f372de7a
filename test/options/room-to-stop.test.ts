import { describe, expect, it } from 'vitest';
import { resolveAuditOptions, withRoomToStop } from '../../src/options/audit.js';
import { MIN_STEPS } from '../../src/scoring/stopping.js';

describe('withRoomToStop', () => {
  const settings = resolveAuditOptions({});

  it('raises the default cap of a table too small for the stop rule to the epochs of twice its minimum of steps', () => {
    // 214 rows at batch 128: 2 steps an epoch, 60 in 30 epochs, under the rule's 100.
    const raised = withRoomToStop(settings, 214, false);
    expect(raised.epochs).toBe(Math.ceil((2 * MIN_STEPS) / 2));
    expect(raised.epochs).toBe(100);
    expect({ ...raised, epochs: settings.epochs }).toEqual(settings);
    // 384 rows: 3 steps an epoch, 90 steps; 385 rows: 4, 120 steps, room enough.
    expect(withRoomToStop(settings, 384, false).epochs).toBe(67);
    expect(withRoomToStop(settings, 385, false)).toBe(settings);
    expect(withRoomToStop(settings, 683, false)).toBe(settings);
  });

  it('leaves a cap the user gave, a fixed schedule and an empty table alone', () => {
    expect(withRoomToStop(resolveAuditOptions({ epochs: 30 }), 214, true).epochs).toBe(30);
    expect(withRoomToStop(resolveAuditOptions({ stop: 'fixed' }), 214, false).epochs).toBe(30);
    expect(withRoomToStop(settings, 0, false)).toBe(settings);
  });

  it('counts steps at the batch size asked for', () => {
    // Batch 32: 214 rows take 7 steps an epoch, 210 in 30 epochs.
    expect(withRoomToStop(resolveAuditOptions({ batchSize: 32 }), 214, false).epochs).toBe(30);
  });
});
