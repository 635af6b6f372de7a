import { Command, CommanderError } from 'commander';
import { Interrupted, isUserError, STOP_SIGNALS } from '../errors.js';
import { gracefulStop, installInterruptHandlers } from './interrupts.js';
import { toolVersion } from '../version.js';
import { auditCommand } from './commands/audit.js';
import { injectNoiseCommand } from './commands/inject-noise.js';
import { evaluateCommand } from './commands/evaluate.js';
import { exportCommand } from './commands/export.js';
import { cleanCommand } from './commands/clean.js';
import { predictCommand } from './commands/predict.js';
import { retrainCommand } from './commands/retrain.js';
import { reviewCommand } from './commands/review.js';
import { applyHelpConventions } from './help.js';
import { inspectCommand } from './commands/inspect.js';

/** One line, like every other user error: commander's message, then where help is. */
const oneLineErrors = { outputError: (s: string, write: (s: string) => void) => write(`${s.trim().replace(/\s*\n\s*/g, ' ')} (run with --help for usage)\n`) };

/** Exit codes: 0 done, 1 a bug (stack printed), 2 a user error (one line, nothing written). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('labelsleuth').description('Find mislabeled samples in classification datasets.').version(toolVersion).exitOverride().configureOutput(oneLineErrors);
  program.addCommand(auditCommand().exitOverride());
  program.addCommand(retrainCommand().exitOverride());
  program.addCommand(predictCommand().exitOverride());
  program.addCommand(injectNoiseCommand().exitOverride());
  program.addCommand(evaluateCommand().exitOverride());
  program.addCommand(exportCommand().exitOverride());
  program.addCommand(cleanCommand().exitOverride());
  program.addCommand(reviewCommand().exitOverride());
  program.addCommand(inspectCommand().exitOverride());
  for (const command of program.commands) command.configureOutput(oneLineErrors);
  applyHelpConventions(program);
  installInterruptHandlers();
  // `labelsleuth audit | head`: the reader left; that is the end of the output, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    // Stopped gracefully, with a partial report written: still not a clean exit for the shell.
    const stop = gracefulStop();
    return stop === undefined ? 0 : STOP_SIGNALS[stop];
  } catch (e) {
    if (e instanceof Interrupted) {
      process.stderr.write(`labelsleuth: stopped by ${e.signal}; nothing was written\n`);
      return STOP_SIGNALS[e.signal];
    }
    if (e instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; every parse error is a user error.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(e)) {
      process.stderr.write(`labelsleuth: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`labelsleuth: internal error (a bug; please report it with this trace):\n${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
