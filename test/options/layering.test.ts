import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// options/ sits below pipeline/ and reports/ (both import it) and is read by `--help`: it must not
// reach up, nor load TensorFlow.js or sharp. Read from the sources, so the rule holds without a build.
const src = fileURLToPath(new URL('../../src/', import.meta.url));
const importPattern = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

interface Edge {
  readonly spec: string;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Edge[] {
  return [...readFileSync(file, 'utf8').matchAll(importPattern)].map((m) => ({ spec: (m[3] ?? m[4])!, typeOnly: m[2] !== undefined }));
}

const toSource = (from: string, spec: string): string => resolve(dirname(from), spec).replace(/\.js$/, '.ts');

/** Every module loaded at run time from `entries`, and the packages they import. */
function runtimeClosure(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>(entries);
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const { spec, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (!spec.startsWith('.')) packages.add(spec);
      else if (!files.has(toSource(file, spec))) {
        files.add(toSource(file, spec));
        queue.push(toSource(file, spec));
      }
    }
  }
  return { files, packages };
}

describe('src/options/ layering', () => {
  const entries = readdirSync(join(src, 'options')).map((f) => join(src, 'options', f));

  it('imports nothing from pipeline/, reports/ or cli/, not even a type', () => {
    for (const file of entries) {
      for (const { spec } of importsOf(file)) {
        if (spec.startsWith('.')) expect(relative(src, toSource(file, spec)), `${relative(src, file)} imports ${spec}`).not.toMatch(/^(pipeline|reports|cli)\//);
      }
    }
  });

  it('loads neither TensorFlow.js nor sharp, however deep', () => {
    const { files, packages } = runtimeClosure(entries);
    expect([...packages].filter((p) => p.startsWith('@tensorflow/') || p === 'sharp')).toEqual([]);
    expect([...files].map((f) => relative(src, f)).filter((f) => /^(pipeline|reports|cli)\//.test(f))).toEqual([]);
  });
});
