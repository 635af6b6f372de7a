/**
 * What `npm publish` would ship (npm pack --dry-run, scripts off): the license, the JSON Schemas, and
 * source maps whose sources are in the package too, so a stack trace through dist/ opens the .ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the published package', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files = new Set<string>(packed[0].files.map((f: { path: string }) => f.path));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('ships the MIT license package.json names, and says where the project lives', () => {
    expect(pkg.license).toBe('MIT');
    expect(files.has('LICENSE')).toBe(true);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(typeof pkg.homepage).toBe('string');
    expect(pkg.keywords.length).toBeGreaterThan(3);
    for (const schema of ['report', 'decisions', 'model-manifest']) expect(files.has(`src/schemas/${schema}.schema.json`)).toBe(true);
  });

  it('ships every source a shipped source map points at', () => {
    const maps = [...files].filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      for (const s of sources) {
        const target = posix.normalize(posix.join(posix.dirname(map), s));
        if (!files.has(target)) missing.push(`${map} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
