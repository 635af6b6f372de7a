import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KERNELS_CLANG, KERNELS_SOURCE_SHA256 } from '../../src/backend/simd/kernels-wasm.js';

const dir = fileURLToPath(new URL('../../src/backend/simd/', import.meta.url));

/** The clang on this machine, when it is the one the committed binaries were built with. */
function sameClang(): boolean {
  const r = spawnSync('clang', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.split('\n')[0]!.trim() === KERNELS_CLANG && spawnSync('wasm-ld', ['--version']).status === 0;
}

describe('the committed SIMD kernels (kernels-wasm.ts)', () => {
  it('were built from the current kernels.c', () => {
    const hash = createHash('sha256')
      .update(readFileSync(`${dir}kernels.c`))
      .digest('hex');
    expect(hash, 'kernels.c changed: run npm run build:simd').toBe(KERNELS_SOURCE_SHA256);
  });

  // Machines without that clang (CI installs none) rely on the hash above and on the kernels'
  // comparisons with the cpu backend.
  it.runIf(sameClang())('are byte for byte what a rebuild with the same clang gives', () => {
    expect(() => execFileSync(process.execPath, [`${dir}build.mjs`, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
