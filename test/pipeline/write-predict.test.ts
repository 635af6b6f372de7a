import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PredictResult } from '../../src/pipeline/predict.js';
import { checkPredictTarget, PREDICTIONS_KIND, writePredict } from '../../src/pipeline/write-predict.js';
import { OUTPUT_MANIFEST } from '../../src/util/atomic-output.js';

const result: PredictResult = {
  predictions: [
    { id: '1', predicted: 'cat', confidence: 0.9, truth: 'cat' },
    { id: '2', predicted: 'dog', confidence: 0.6, truth: 'cat' },
  ],
  accuracy: 0.5,
  warnings: [],
};
const request = { model: 'model', path: 'new.csv' };

describe('writePredict', () => {
  it('writes predictions.csv and predict.json, and replaces an earlier predictions folder that holds nothing else', async () => {
    const root = await mkdtemp(join(tmpdir(), 'labelsleuth-predict-'));
    const out = join(root, 'pred');
    await writePredict(out, request, result);
    expect((await readdir(out)).sort()).toEqual([OUTPUT_MANIFEST, 'predict.json', 'predictions.csv']);
    expect(JSON.parse(await readFile(join(out, 'predict.json'), 'utf8'))).toEqual({
      kind: PREDICTIONS_KIND,
      version: 1,
      model: 'model',
      data: 'new.csv',
      rows: 2,
      accuracy: 0.5,
      warnings: [],
    });
    expect((await readFile(join(out, 'predictions.csv'), 'utf8')).split('\n', 1)[0]).toBe('id,predicted_label,confidence,true_label');
    // A file of the user's inside the old folder is never deleted with it: the folder is refused.
    await writeFile(join(out, 'notes.txt'), 'mine');
    const stray = `${join(out, 'notes.txt')}: is not a file labelsleuth wrote; move it, or choose another --out`;
    await expect(checkPredictTarget(out)).rejects.toThrow(stray);
    await expect(writePredict(out, request, result)).rejects.toThrow(stray);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    await rm(join(out, 'notes.txt'));
    await checkPredictTarget(out);
    await writePredict(out, request, { ...result, accuracy: null, predictions: result.predictions.slice(0, 1) });
    expect((await readdir(out)).sort()).toEqual([OUTPUT_MANIFEST, 'predict.json', 'predictions.csv']);
    expect(JSON.parse(await readFile(join(out, 'predict.json'), 'utf8'))).toMatchObject({ rows: 1, accuracy: null });
    expect(await readdir(root)).toEqual(['pred']);
  });

  it('refuses a folder that is not an earlier predictions folder, before and at writing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'labelsleuth-predict-'));
    const other = join(root, 'photos');
    await mkdir(other);
    await writeFile(join(other, 'a.png'), 'x');
    const message = `${other}: already exists and is not a labelsleuth report folder; choose another --out or remove it`;
    await expect(checkPredictTarget(other)).rejects.toThrow(message);
    await expect(writePredict(other, request, result)).rejects.toThrow(message);
    expect(await readdir(other)).toEqual(['a.png']);
  });

  it('refuses an out folder holding the data or the model it read', async () => {
    const root = await mkdtemp(join(tmpdir(), 'labelsleuth-predict-'));
    const out = join(root, 'pred');
    await mkdir(join(out, 'model'), { recursive: true });
    const inputs = { model: join(out, 'model'), path: join(root, 'new.csv') };
    const message = `${out}: contains the input ${join(out, 'model')}; the tools never write over their input, so choose an --out elsewhere`;
    await expect(checkPredictTarget(out, [inputs.path, inputs.model])).rejects.toThrow(message);
    await expect(writePredict(out, inputs, result)).rejects.toThrow(message);
    await expect(writePredict(join(out, 'model', 'p'), { model: 'm', path: join(out, 'model') }, result)).rejects.toThrow('is inside the input');
    expect(await readdir(out)).toEqual(['model']);
  });
});
