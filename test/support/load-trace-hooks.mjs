import { appendFileSync } from 'node:fs';

const out = process.env.LABELSLEUTH_LOAD_TRACE;

export async function load(url, context, nextLoad) {
  if (out) appendFileSync(out, `${url}\n`);
  return nextLoad(url, context);
}
