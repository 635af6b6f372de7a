import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp folder per test file; writeCsv(name, text) returns the file's path. */
export async function tempCsvDir(): Promise<(name: string, text: string | Buffer) => Promise<string>> {
  const dir = await mkdtemp(join(tmpdir(), 'labelsleuth-csv-'));
  return async (name, text) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
}
