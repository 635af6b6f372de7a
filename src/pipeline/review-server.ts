/**
 * labelsleuth review: serves a report folder's report.html on 127.0.0.1 so that the page's
 * decisions are written to <report-dir>/decisions.csv as they are made. Only loopback, and every
 * request needs the random token that the printed URL carries: other local users (and web pages
 * in the same browser) can neither read the report nor write decisions. A request is answered only
 * after its decisions are on disk, so whatever the page was told is saved survives a Ctrl-C.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DECISIONS, isDecidedAt, renderDecisionsCsv, type Decision } from '../reports/decisions.js';
import { readDecisionsFile } from '../reports/read-decisions.js';
import { loadReportFolder } from '../reports/read-report-folder.js';
import { replaceFileAtomically } from '../util/atomic-replace.js';
import { quote } from '../util/quote.js';

export interface ReviewServerOptions {
  /** The audit's --out folder (report.html, samples.csv, report.json). */
  readonly reportDir: string;
  /** 0 takes any free port. */
  readonly port: number;
  /** @default a fresh random token */
  readonly token?: string;
}

export interface ReviewServer {
  /** The page's full address, token included. */
  readonly url: string;
  readonly port: number;
  readonly decisionsPath: string;
  /** Decisions held (and on disk) now. */
  decisionCount(): number;
  /** Stops taking requests and resolves once every accepted write is on disk. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY = 4 * 1024 * 1024;

type Held = { decision: Decision; newLabel: string | null; decidedAt: string };

export async function startReviewServer(o: ReviewServerOptions): Promise<ReviewServer> {
  const saved = await loadReportFolder(o.reportDir);
  const htmlPath = join(o.reportDir, 'report.html');
  const html = await readFile(htmlPath).catch(() => {
    throw new UserError('file', `${htmlPath}: missing; ${o.reportDir} is not a complete report folder, so run the audit again`);
  });
  const ids = saved.samples.map((s) => s.id);
  const known = new Set(ids);
  const classes = new Set(saved.meta.dataset.classes.map((c) => c.name));
  const decisionsPath = join(o.reportDir, 'decisions.csv');
  const held = new Map<string, Held>();
  if (await stat(decisionsPath).catch(() => null)) {
    for (const d of await readDecisionsFile(decisionsPath)) {
      if (!known.has(d.id))
        throw new UserError('value', `${decisionsPath} line ${d.line}: id ${quote(d.id)} is not in this report; fix the row, or move the file away to start over`);
      if (d.newLabel !== null && !classes.has(d.newLabel)) {
        throw new UserError(
          'value',
          `${decisionsPath} line ${d.line}: new_label ${quote(d.newLabel)} is not a class of this report; fix the row, or move the file away to start over`,
        );
      }
      held.set(d.id, { decision: d.decision, newLabel: d.newLabel, decidedAt: d.decidedAt });
    }
  }
  const token = o.token ?? randomBytes(18).toString('base64url');
  // Rank order, as the page exports them: the same decisions give the same bytes.
  const render = () => renderDecisionsCsv(ids.filter((id) => held.has(id)).map((id) => ({ id, ...held.get(id)! })));
  let writes: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    const content = render();
    writes = writes.catch(() => undefined).then(() => replaceFileAtomically(decisionsPath, content));
    return writes;
  };

  let port = o.port;
  const authorised = (req: IncomingMessage, url: URL): boolean => {
    // A page on another site that resolves its name to 127.0.0.1 sends its own Host: refuse it.
    const host = req.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return false;
    const given = Buffer.from(String(req.headers['x-labelsleuth-token'] ?? url.searchParams.get('token') ?? ''));
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (!authorised(req, url)) return send(res, 403, { error: 'this needs the token of the URL labelsleuth review printed' });
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
      res.end(html);
      return;
    }
    if (url.pathname !== '/api/decisions') return send(res, 404, { error: 'not found' });
    if (req.method === 'GET') return send(res, 200, { file: decisionsPath, rows: [...held].map(([id, h]) => [id, h.decision, h.newLabel ?? '', h.decidedAt]) });
    if (req.method !== 'POST') return send(res, 405, { error: 'GET or POST' });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, { error: 'send JSON' });
    const changes = parseChanges(await readBody(req), known, classes);
    for (const c of changes) {
      if (c.decision === null) held.delete(c.id);
      else held.set(c.id, { decision: c.decision, newLabel: c.decision === 'relabel' ? c.newLabel : null, decidedAt: c.decidedAt });
    }
    await persist();
    send(res, 200, { file: decisionsPath, decisions: held.size });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, e instanceof UserError ? 400 : 500, { error: e instanceof Error ? e.message : String(e) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError('option', `port ${o.port} on ${HOST} is in use (another labelsleuth review?); pass another --port, or --port 0 for any free one`)
          : e,
      ),
    );
    server.listen(o.port, HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : o.port;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    decisionsPath,
    decisionCount: () => held.size,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await writes.catch(() => undefined);
      // Requests still open are answered by now (their writes are done); only idle keep-alives remain.
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new UserError('value', `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type Change = { id: string; decision: null } | { id: string; decision: Decision; newLabel: string | null; decidedAt: string };

/** The page's batch: [{ id, decision (null to undo), new_label, decided_at }]; all valid, or none applied. */
function parseChanges(text: string, known: ReadonlySet<string>, classes: ReadonlySet<string>): Change[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UserError('format', 'the body is not JSON');
  }
  if (!Array.isArray(body)) throw new UserError('format', 'send a JSON array of decisions');
  return body.map((c: Record<string, unknown>, i): Change => {
    const id = c?.id;
    if (typeof id !== 'string' || !known.has(id)) throw new UserError('value', `decision ${i}: id ${JSON.stringify(id)} is not in this report`);
    if (c.decision === null) return { id, decision: null };
    if (!(DECISIONS as readonly unknown[]).includes(c.decision)) throw new UserError('value', `decision ${i}: ${JSON.stringify(c.decision)} is not one of ${DECISIONS.join(', ')}`);
    const decision = c.decision as Decision;
    const newLabel = typeof c.new_label === 'string' && c.new_label !== '' ? c.new_label : null;
    if (decision === 'relabel' && (newLabel === null || !classes.has(newLabel)))
      throw new UserError('value', `decision ${i}: relabel needs new_label, one of the report's classes`);
    const decidedAt = typeof c.decided_at === 'string' ? c.decided_at : new Date().toISOString();
    if (!isDecidedAt(decidedAt)) throw new UserError('value', `decision ${i}: decided_at ${JSON.stringify(decidedAt)} is not an ISO 8601 UTC time`);
    return { id, decision, newLabel: decision === 'relabel' ? newLabel : null, decidedAt };
  });
}
