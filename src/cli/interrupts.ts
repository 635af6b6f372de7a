/**
 * Ctrl-C and SIGTERM, for every command. A command that can stop gracefully (audit, retrain) asks
 * for the AbortSignal: the first signal aborts it, training stops after the current batch and the
 * command writes what it can (audit: a report of the finished epochs, marked partial). Any other
 * command, and a second signal, exits at once: registered clean-ups run (no temporary folder is left
 * behind) and the terminal gets its cursor and line wrapping back. Exit codes 130 / 143.
 */
import { Interrupted, STOP_SIGNALS, type StopSignal } from '../errors.js';
import { runAbruptExitCleanups } from '../util/exit-cleanup.js';

// What cli-progress turns off while a bar is drawn: show the cursor, wrap lines again.
const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

let controller: AbortController | undefined;
let stoppedBy: StopSignal | undefined;
/** What the first signal makes the command do, in the line it prints. */
let stopping = 'stopping after the current batch (press Ctrl-C again to quit at once, writing nothing)';

function exitNow(signal: StopSignal, stderr: NodeJS.WriteStream): never {
  runAbruptExitCleanups();
  if (stderr.isTTY) stderr.write(RESTORE_TERMINAL);
  stderr.write(`\nlabelsleuth: stopped by ${signal}; nothing was written\n`);
  process.exit(STOP_SIGNALS[signal]);
}

/** Installs the handlers once, in main, before any command runs. */
export function installInterruptHandlers(stderr: NodeJS.WriteStream = process.stderr): void {
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    process.on(signal, () => {
      if (stoppedBy !== undefined || controller === undefined) exitNow(stoppedBy ?? signal, stderr);
      stoppedBy = signal;
      stderr.write(`\nlabelsleuth: ${signal}: ${stopping}\n`);
      controller.abort(new Interrupted(signal));
    });
  }
}

/** For a command that stops gracefully: the signal its pipeline watches. `what` replaces the line saying how it stops. */
export function gracefulStopSignal(what?: string): AbortSignal {
  if (what !== undefined) stopping = what;
  controller ??= new AbortController();
  return controller.signal;
}

/** The signal that stopped the run gracefully, if one did: main turns it into the exit code. */
export function gracefulStop(): StopSignal | undefined {
  return stoppedBy;
}
