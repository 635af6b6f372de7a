/**
 * The contract every reader of a user's file is fuzzed against (DESIGN.md, "two kinds of error"):
 * whatever the bytes, the call gives a result or a UserError whose message is one line. Any other
 * exception is a bug, and so is a hang (fuzzOptions' per-run timeout).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { isUserError } from '../../src/errors.js';

/**
 * Fixed so that CI is reproducible. FUZZ_SEED and FUZZ_SCALE (a multiplier of every numRuns) are
 * for exploring by hand: `FUZZ_SEED=7 FUZZ_SCALE=20 npx vitest run test/fuzz`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_611);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** fast-check parameters: `numRuns` runs (times FUZZ_SCALE) from the fixed seed, each failing after `perRunMs`. */
export function fuzzOptions(numRuns: number, perRunMs = 5_000): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), plugins: [fc.timeout(perRunMs)] };
}

/** A vitest timeout for a fuzz test: generous, so that only a hang trips it. */
export const FUZZ_TEST_MS = 60_000 * Math.max(1, SCALE);

/** How a counterexample is printed: bytes as hex (first 512), anything else as JSON. */
function show(input: unknown): string {
  if (input instanceof Uint8Array) {
    const hex = Buffer.from(input.subarray(0, 512)).toString('hex');
    return `${input.length} bytes: ${hex}${input.length > 512 ? '…' : ''}`;
  }
  try {
    return JSON.stringify(input, (_, v) => (typeof v === 'string' && v.length > 512 ? `${v.slice(0, 512)}… (${v.length} chars)` : v));
  } catch {
    return String(input);
  }
}

/**
 * Runs `call` and returns its result, or undefined when it rejects with a one-line UserError.
 * Anything else throws an error that names the input and carries the original stack.
 */
export async function expectResultOrUserError<T>(call: () => Promise<T> | T, input: unknown): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (isUserError(e) && !/[\r\n]/.test(e.message)) return undefined;
    const why = isUserError(e) ? 'a UserError whose message is not one line' : 'not a UserError';
    const error = new Error(`${why} for input ${show(input)}:\n${(e as Error)?.stack ?? String(e)}`);
    error.cause = e;
    throw error;
  }
}

/** A fresh temp folder per test file; write(name, bytes) returns the file's path. */
export async function fuzzDir(prefix: string): Promise<{ dir: string; write: (name: string, bytes: Uint8Array | string) => Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), `labelsleuth-fuzz-${prefix}-`));
  return {
    dir,
    write: async (name, bytes) => {
      const path = join(dir, name);
      await writeFile(path, bytes);
      return path;
    },
  };
}
