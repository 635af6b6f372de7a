import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { runClean } from '../../src/pipeline/clean.js';
import { runEvaluateReport } from '../../src/pipeline/evaluate.js';
import { runExport } from '../../src/pipeline/export.js';
import { writeAudit } from '../../src/pipeline/write-audit.js';
import { loadReportFolder, type SavedReport } from '../../src/reports/read-report-folder.js';
import { tiny } from '../fixtures.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { applyMutations, editJson, mutations } from './mutate.js';

let dir: string;
let valid: { json: Buffer; samples: Buffer };
let runs = 0;
beforeAll(async () => {
  ({ dir } = await fuzzDir('report'));
  // A real audit of the tiny fixture, written as the CLI writes it; every property mutates a copy.
  const { report } = await runAudit({ path: tiny.csv, id: 'id', backend: 'cpu', epochs: 2 });
  const out = join(dir, 'audit');
  await writeAudit(out, report);
  valid = { json: await readFile(join(out, 'report.json')), samples: await readFile(join(out, 'samples.csv')) };
}, 120_000);

/** A report folder holding these two files. */
async function folder(json: Uint8Array, samples: Uint8Array): Promise<string> {
  const at = join(dir, 'mutated');
  await mkdir(at, { recursive: true });
  await writeFile(join(at, 'report.json'), json);
  await writeFile(join(at, 'samples.csv'), samples);
  return at;
}

/**
 * loadReportFolder, then what the tools do with a folder it accepts (export, evaluate, clean):
 * each gives a result or a UserError. Returns the folder as read, if it was.
 */
async function readAndUse(at: string, input: unknown): Promise<SavedReport | undefined> {
  const saved = await expectResultOrUserError(() => loadReportFolder(at), input);
  if (!saved) return undefined;
  const className = saved.samples[0]?.givenLabel ?? 'Bag';
  await expectResultOrUserError(() => runExport({ report: at }), input);
  await expectResultOrUserError(() => runExport({ report: at, selection: { kind: 'top', n: 3 }, className, format: 'json' }), input);
  await expectResultOrUserError(() => runEvaluateReport({ report: at, truth: tiny.truth }), input);
  const out = join(dir, `clean-${runs++}.csv`);
  await expectResultOrUserError(() => runClean({ data: tiny.csv, report: at, action: runs % 2 ? 'drop' : 'relabel', out }), input);
  return saved;
}

/** report.json edited as JSON: a value replaced or deleted, most often one the tools rely on. */
const reliedOn: readonly (readonly string[])[] = [
  ['kind'],
  ['version'],
  ['settings'],
  ['settings', 'label'],
  ['settings', 'id'],
  ['settings', 'threshold'],
  ['dataset'],
  ['dataset', 'rows'],
  ['dataset', 'source'],
  ['dataset', 'path'],
  ['tool'],
];
const jsonEdit = fc.record({
  path: fc.oneof(
    fc.constantFrom(...reliedOn),
    fc.array(fc.constantFrom('settings', 'dataset', 'samples', 'mixture', 'estimate', '0', 'rows', 'label'), { minLength: 1, maxLength: 3 }),
  ),
  value: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(null, 'csv', 'image-folder', 'label', 'id', 'nope', 600, 599, 0, -1, 0.5, 1e308, [], {}, true)), {
    nil: undefined,
  }),
});

describe('loadReportFolder (and export, evaluate, clean on what it accepts)', () => {
  it(
    'report.json with mutated bytes: the folder or a UserError',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutations(3), async (ms) => {
          const json = applyMutations(valid.json, ms);
          await readAndUse(await folder(json, valid.samples), { reportJson: ms });
        }),
        fuzzOptions(150),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'report.json with values replaced or deleted: the folder or a UserError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(jsonEdit, { minLength: 1, maxLength: 3 }), async (edits) => {
          const json = JSON.parse(valid.json.toString()) as Record<string, unknown>;
          for (const e of edits) editJson(json, e);
          await readAndUse(await folder(Buffer.from(JSON.stringify(json)), valid.samples), { edits });
        }),
        fuzzOptions(100),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'samples.csv with mutated bytes or cells: the folder or a UserError',
    async () => {
      const lines = valid.samples.toString().split('\n');
      const cellEdit = fc.record({
        line: fc.integer({ min: 0, max: lines.length - 1 }),
        column: fc.integer({ min: 0, max: 9 }),
        value: fc.constantFrom('', ' ', 'NaN', '1e999', '-1', '2', 'Bag', 'fmnist-train-32069', '"a,b"', '"x""y"', 'ü', '0', '1', '__proto__'),
      });
      const input = fc.oneof(
        mutations(3).map((ms) => ({ ms })),
        fc.array(cellEdit, { minLength: 1, maxLength: 3 }).map((cells) => ({ cells })),
      );
      await fc.assert(
        fc.asyncProperty(input, async (m) => {
          let samples: Uint8Array;
          if ('ms' in m) samples = applyMutations(valid.samples, m.ms);
          else {
            const edited = lines.map((l) => l.split(','));
            for (const c of m.cells) {
              const row = edited[c.line]!;
              row[Math.min(c.column, row.length - 1)] = c.value;
            }
            samples = Buffer.from(edited.map((r) => r.join(',')).join('\n'));
          }
          await readAndUse(await folder(valid.json, samples), m);
        }),
        fuzzOptions(150),
      );
    },
    FUZZ_TEST_MS,
  );

  it('reads the folder the audit wrote, and the tools work on it', async () => {
    const saved = await readAndUse(await folder(valid.json, valid.samples), 'the valid folder');
    expect(saved?.samples).toHaveLength(600);
  });
});

describe('loadReportFolder: counterexamples fast-check found', () => {
  it('says in one line that report.json is not JSON, though V8 quotes a slice of it with its line breaks', async () => {
    // Was: not valid JSON (Unexpected token ' ', " {<line break>  "kind"...
    const at = await folder(Buffer.concat([Buffer.of(0), valid.json]), valid.samples);
    const e = await loadReportFolder(at).catch((x: Error) => x);
    expect(String(e)).toMatch(/^UserError: \S+report\.json: not valid JSON \(Unexpected token '\\u0000', "\\u0000\{\\n[^\n]*\); run the audit again$/);
  });

  it('refuses a report.json whose settings the tools rely on are missing, instead of a TypeError in clean', async () => {
    // Was "TypeError: Cannot read properties of undefined (reading 'length')" from clean, quoting settings.id.
    const json = JSON.parse(valid.json.toString()) as { settings: Record<string, unknown> };
    delete json.settings.id;
    const at = await folder(Buffer.from(JSON.stringify(json)), valid.samples);
    const path = join(at, 'report.json');
    const message = `${path}: settings.id is missing or not valid; the file is damaged, so run the audit again`;
    await expect(loadReportFolder(at)).rejects.toThrow(message);
    await expect(runClean({ data: tiny.csv, report: at, action: 'drop', out: join(dir, 'clean-settings.csv') })).rejects.toThrow(message);
  });
});
