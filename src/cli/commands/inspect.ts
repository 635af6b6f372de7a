import { Command } from 'commander';
import { renderInspect } from '../../reports/inspect-text.js';
import { sharedFlag, sharedOptionsFrom } from '../shared-flags.js';

/** The shared flags that decide how data is read; inspect takes them so it shows what audit would read. */
const readingFlags = ['label', 'id', 'features', 'imageColumn', 'maxCategories', 'encoding', 'delimiter', 'split', 'channels'] as const;

export function inspectCommand(): Command {
  const command = new Command('inspect')
    .description('show how the data would be read (columns, roles, encodings, classes; image layout, formats, sizes), without training')
    .argument('<data>', 'a table (CSV, TSV, with a label column, or listing image files) or an image folder');
  for (const key of readingFlags) command.addOption(sharedFlag(key));
  return command.option('--json', 'print the schema as JSON, for scripts').action(async (data: string, flags: { json?: boolean } & Record<string, unknown>) => {
    // Loaded here: a cheap path (help, a bad flag) stays instant. inspect never loads tfjs.
    const { runInspect } = await import('../../pipeline/inspect.js');
    const result = await runInspect({ ...sharedOptionsFrom(flags), path: data });
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderInspect(result));
  });
}
