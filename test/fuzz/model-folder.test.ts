import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { loadSavedModel } from '../../src/models/saved-model.js';
import { modelFiles } from '../../src/models/model-folder.js';
import { runPredict } from '../../src/pipeline/predict.js';
import { runRetrain } from '../../src/pipeline/retrain.js';
import { writeRetrain } from '../../src/pipeline/write-retrain.js';
import { tiny, tinyTest } from '../fixtures.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { applyMutations, editJson, mutations } from './mutate.js';

let dir: string;
let valid: Record<keyof typeof modelFiles, Buffer>;

async function folder(files: Record<keyof typeof modelFiles, Uint8Array>): Promise<string> {
  const at = join(dir, 'mutated');
  await mkdir(at, { recursive: true });
  for (const k of Object.keys(modelFiles) as (keyof typeof modelFiles)[]) await writeFile(join(at, modelFiles[k]), files[k]);
  return at;
}

async function loadAndPredict(at: string, input: unknown): Promise<void> {
  const loaded = await expectResultOrUserError(() => loadSavedModel(at), input);
  if (!loaded) return;
  loaded.model.dispose();
  await expectResultOrUserError(() => runPredict({ model: at, path: tinyTest, backend: 'cpu' }), input);
}

const reliedOn: readonly (readonly string[])[] = [
  ['kind'],
  ['version'],
  ['classNames'],
  ['sampleShape'],
  ['input'],
  ['input', 'kind'],
  ['input', 'encoding'],
  ['input', 'encoding', 'columns'],
  ['input', 'encoding', 'classNames'],
  ['input', 'encoding', 'label'],
  ['input', 'encoding', 'id'],
  ['model'],
];
const jsonEdit = fc.record({
  path: fc.constantFrom(...reliedOn),
  value: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom(null, [], {}, ['a'], [49], 'table', 'image', { kind: 'image' })), { nil: undefined }),
});

// A folder without .labelsleuth-output.json (written before it, or by hand) has no checksum over
// labelsleuth-model.json, so its shape is checked (models/manifest-shape.ts). Before that check these
// properties found ~20 TypeErrors, e.g. classNames deleted (saved-model.ts, .length of undefined),
// sampleShape null (predict.ts, .join), input null (held-out.ts, .kind), input.encoding.id deleted
// (quote(undefined)), input.encoding.columns [null] or a BOM inserted into a column's "kind"
// (encode.ts), input.encoding.classNames null (encoded-table.ts, .map).
describe('loadSavedModel (and predict on what it accepts)', () => {
  beforeAll(async () => {
    ({ dir } = await fuzzDir('model'));
    const result = await runRetrain({ path: tiny.csv, id: 'id', backend: 'cpu', epochs: 2 });
    const out = join(dir, 'model');
    await writeRetrain(out, result);
    valid = {
      topology: await readFile(join(out, modelFiles.topology)),
      weights: await readFile(join(out, modelFiles.weights)),
      manifest: await readFile(join(out, modelFiles.manifest)),
    };
  }, 120_000);

  it(
    'any of the three files with mutated bytes: the model or a UserError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<keyof typeof modelFiles>('topology', 'weights', 'manifest'), mutations(3), async (file, ms) => {
          await loadAndPredict(await folder({ ...valid, [file]: applyMutations(valid[file], ms) }), { file, ms });
        }),
        fuzzOptions(100),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'the manifest with values replaced or deleted: the model or a UserError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(jsonEdit, { minLength: 1, maxLength: 2 }), async (edits) => {
          const json = JSON.parse(valid.manifest.toString()) as Record<string, unknown>;
          for (const e of edits) editJson(json, e);
          await loadAndPredict(await folder({ ...valid, manifest: Buffer.from(JSON.stringify(json)) }), { edits });
        }),
        fuzzOptions(100),
      );
    },
    FUZZ_TEST_MS,
  );
});
