import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { backendChoices, initBackend } from '../../src/backend/select.js';

function tfjsNodeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  it('offers every choice to the CLI', () => {
    expect(backendChoices).toEqual(['auto', 'tensorflow', 'wasm', 'cpu']);
  });

  it.runIf(!tfjsNodeInstalled())('auto falls back to wasm and says why', async () => {
    const info = await initBackend('auto');
    expect(info).toMatchObject({ name: 'wasm', requested: 'auto' });
    expect(info.fallbackReason).toMatch(/tfjs-node is not installed/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it.runIf(!tfjsNodeInstalled())('an explicit tensorflow request without tfjs-node is a one-line user error', async () => {
    const err = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('option');
    expect((err as UserError).message).toMatch(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
    expect((err as UserError).message).not.toContain('\n');
  });

  it.runIf(tfjsNodeInstalled())('uses tfjs-node when it is installed', async () => {
    expect((await initBackend('auto')).name).toBe('tensorflow');
  });
});
