import { describe, expect, it } from 'vitest';
import { divergenceWatch } from '../../src/training/divergence.js';
import { isUserError } from '../../src/errors.js';

function failure(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  return 'no error';
}

describe('divergenceWatch', () => {
  it('lets a healthy run through: losses that fall, or rise a little', () => {
    const w = divergenceWatch(0.001);
    for (const c of [2.3, 2.1, 3.5, 1.2, 0.4]) w.batch(1, c);
    w.epoch(1, 1.9);
    w.epoch(2, 22.9); // just under 10x the first batch
  });

  it('stops at a non-finite batch loss at once', () => {
    const w = divergenceWatch(0.5);
    w.batch(1, 2.3);
    expect(failure(() => w.batch(1, NaN))).toBe('training diverged: the loss became NaN in epoch 1 at learning rate 0.5; try a lower --lr (e.g. 0.05)');
    expect(failure(() => divergenceWatch(0.7).batch(3, Infinity))).toMatch(/became Infinity in epoch 3 .*e\.g\. 0\.07\)$/);
  });

  it('stops when a batch is 1000x the first, or an epoch mean 10x', () => {
    const w = divergenceWatch(9.9);
    w.batch(1, 2.3);
    expect(failure(() => w.batch(1, 2301))).toBe('training diverged: the loss grew from 2.30 to 2.30e+3 in epoch 1 at learning rate 9.9; try a lower --lr (e.g. 0.99)');
    const v = divergenceWatch(0.2);
    v.batch(1, 2.3);
    v.batch(1, 500);
    expect(failure(() => v.epoch(1, 143))).toBe('training diverged: the loss grew from 2.30 to 143 in epoch 1 at learning rate 0.2; try a lower --lr (e.g. 0.02)');
  });
});
