import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { startReviewServer } from '../../pipeline/review-server.js';
import { gracefulStopSignal } from '../interrupts.js';
import { count } from '../parse.js';

/** A fixed default, so a bookmarked tab finds the server again; 0 asks the system for any free port. */
export const REVIEW_PORT = 4747;

interface ReviewFlags {
  port: number;
  open?: boolean;
}

function port(value: string): number {
  const n = count(value);
  if (n > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535.');
  return n;
}

export function reviewCommand(): Command {
  return new Command('review')
    .description('review the suspects of a saved audit in the browser, with every decision written to <report-dir>/decisions.csv as it is made')
    .argument('<report-dir>', 'the --out folder of an audit (report.html, samples.csv, report.json)')
    .option('--port <n>', `port on 127.0.0.1 (0: any free port)`, port, REVIEW_PORT)
    .option('--open', 'open the page in the default browser')
    .addHelpText(
      'after',
      '\nOnly 127.0.0.1 is served, and only to requests carrying the random token in the printed URL.\nCtrl-C stops the server once the last decision is on disk. Apply the decisions with clean --decisions.',
    )
    .action(async (reportDir: string, flags: ReviewFlags) => {
      const server = await startReviewServer({ reportDir, port: flags.port });
      const stop = gracefulStopSignal('stopping once the last decision is written');
      process.stdout.write(`Reviewing ${reportDir} at ${server.url}\nDecisions go to ${server.decisionsPath} as you make them; Ctrl-C stops.\n`);
      if (flags.open) openBrowser(server.url);
      await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
      await server.close();
      process.stdout.write(`${server.decisionsPath}: ${server.decisionCount()} decisions\n`);
    });
}

/** The platform's own opener; a failure is one line, not the end of the review. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', (e) => process.stderr.write(`labelsleuth: could not open a browser (${e.message}); open the URL above yourself\n`));
  child.unref();
}
