/**
 * Synchronous clean-ups for a process that must exit at once (a second Ctrl-C): whoever holds
 * something that must not outlive the process (a staging folder, a half-swapped output) registers
 * a function here for as long as it holds it. Synchronous because nothing asynchronous runs after
 * process.exit.
 */
const cleanups = new Set<() => void>();

/** Registers fn until the returned function is called. */
export function onAbruptExit(fn: () => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered clean-up once, each even if another throws. */
export function runAbruptExitCleanups(): void {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    try {
      fn();
    } catch {
      // Best effort: the next run recognises and removes what is left (atomic-output's stale check).
    }
  }
}
