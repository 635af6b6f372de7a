import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { bin } from './run-cli.js';

export interface RunningReview {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: URL;
  readonly token: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
}

/** Spawns `labelsleuth review` (with extra environment variables) and waits for the URL it prints. */
export function startReview(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunningReview> {
  const child = spawn(process.execPath, [bin, 'review', ...args], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env } });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) {
        const url = new URL(m[1]!);
        resolve({ child, url, token: url.searchParams.get('token') ?? '', stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => reject(new Error(`review exited with ${code} before printing its URL: ${err}`)));
  });
}

/** POSTs a batch of decisions the way the page does. */
export function postDecisions(url: URL, token: string | null, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(new URL('/api/decisions', url), {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token === null ? {} : { 'x-labelsleuth-token': token }) },
    body: JSON.stringify(body),
  });
}
