#!/usr/bin/env node
/**
 * Runs before the tests (package.json: check, pretest). The browser test (test/browser) drives Debian's
 * Chromium through playwright-core, which downloads no browser, so a fresh machine would fail it. Present:
 * do nothing. Missing, and we are root with apt-get: install it (what .ci/run used to do). Otherwise: one
 * line that says how to install it, exit code 1, before any test runs.
 *
 * Plain .mjs: it runs before `npm run build`, with nothing but Node.
 *   LABELSLEUTH_CHROMIUM=/path  use that Chromium instead of /usr/bin/chromium (test/browser/chromium.ts reads it too)
 *   --dry-run                   act as if the browser were missing: say what would be done, change nothing
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium';

const chromium = process.env.LABELSLEUTH_CHROMIUM || DEBIAN_CHROMIUM;
const dryRun = process.argv.includes('--dry-run');

if (!dryRun && existsSync(chromium)) process.exit(0);
if (chromium !== DEBIAN_CHROMIUM) {
  // Installing Debian's package would not create a path the user chose.
  console.error(`${chromium} (LABELSLEUTH_CHROMIUM) does not exist: point LABELSLEUTH_CHROMIUM at a Chromium binary, or unset it to use Debian's ${DEBIAN_CHROMIUM}`);
  process.exit(1);
}
const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canInstall) {
  console.error(`${chromium} is missing: the browser test needs Debian's chromium package; as root run: sh -c '${INSTALL}' (or set LABELSLEUTH_CHROMIUM to a Chromium binary)`);
  process.exit(1);
}
if (dryRun) {
  console.error(`would install ${chromium}: ${INSTALL}`);
  process.exit(0);
}
console.error(`${chromium} is missing: installing Debian's chromium package for the browser test (${INSTALL})`);
// apt's progress goes to /dev/null as in .ci/run; its errors (stderr) stay visible.
const r = spawnSync('sh', ['-c', INSTALL], { stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0 || !existsSync(chromium)) {
  console.error(`installing chromium failed (exit code ${r.status ?? r.signal}); as root run: sh -c '${INSTALL}'`);
  process.exit(1);
}
