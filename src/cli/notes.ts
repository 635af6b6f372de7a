/**
 * Notes from the output module (a dead run's temporary removed, its earlier output put back): one
 * line each on stderr, even with --quiet, since they say something changed on the user's disk.
 */
export function printNotes(notes: readonly string[]): void {
  for (const note of notes) process.stderr.write(`labelsleuth: ${note}\n`);
}
