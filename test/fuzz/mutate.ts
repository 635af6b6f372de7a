/**
 * Mutations of a valid file's bytes, as values fast-check can generate and shrink: flipped bits,
 * inserted tokens a CSV/JSON reader must survive (quotes, separators, line ends, NULs, byte-order
 * marks, broken UTF-8, non-finite numbers, a field larger than a read chunk), deletions,
 * truncations, repeats; optionally gzipped, and the gzip damaged in turn.
 */
import { gzipSync } from 'node:zlib';
import * as fc from 'fast-check';

/** Positions are fractions of the current length (in 1/65536), so a mutation stays meaningful while fast-check shrinks the others. */
type At = number;

export type Mutation =
  | { readonly op: 'flip'; readonly at: At; readonly bit: number }
  | { readonly op: 'set'; readonly at: At; readonly byte: number }
  | { readonly op: 'insert'; readonly at: At; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: At; readonly length: number }
  | { readonly op: 'truncate'; readonly at: At }
  | { readonly op: 'repeat'; readonly at: At; readonly length: number; readonly times: number };

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** Short tokens that mean something to a reader of text tables and JSON. */
const TOKENS: readonly Uint8Array[] = [
  '"',
  '""',
  ',',
  ',,',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  ' ',
  '\t',
  '\0',
  '\0\0\0\0',
  '\xEF\xBB\xBF', // UTF-8 byte-order mark
  '\xFF\xFE', // UTF-16LE mark
  '\xFE\xFF', // UTF-16BE mark
  '\xC3', // a truncated 2-byte UTF-8 sequence
  '\x80', // a lone continuation byte
  '\xED\xA0\x80', // an encoded surrogate
  '\xC3\xA9', // é
  '\x1F\x8B', // gzip magic
  'PK\x03\x04', // zip magic
  'NA',
  'null',
  'inf',
  '-Infinity',
  'NaN',
  '1e999',
  '1e308',
  '-1.7976931348623157e308',
  '5e-324',
  '0x1F',
  '__proto__',
  'constructor',
  '{',
  '}',
  '[',
  ']',
  ':',
  '{}',
  '[]',
  'true',
].map(bytes);

const at = fc.integer({ min: 0, max: 65_535 });

/** A field longer than readText's 1 MiB chunks, or merely long. */
const huge = fc
  .oneof({ weight: 3, arbitrary: fc.constant(1_000) }, { weight: 2, arbitrary: fc.constant(70_000) }, fc.constant(1_100_000))
  .map((n) => Object.assign(new Uint8Array(n).fill(0x78), { [fc.toStringMethod]: () => `'x' x ${n}` }));

const insertion = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: huge },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at, bytes: insertion }) },
  fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('repeat' as const), at, length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 2, max: 4 }) }),
);

export const mutations = (maxLength = 4): fc.Arbitrary<Mutation[]> => fc.array(mutation, { minLength: 1, maxLength });

function apply(b: Uint8Array, m: Mutation): Uint8Array {
  const i = Math.floor((m.at / 65_536) * (b.length + (m.op === 'insert' ? 1 : 0)));
  const out = Buffer.from(b);
  switch (m.op) {
    case 'flip':
      if (i < out.length) out[i]! ^= 1 << m.bit;
      return out;
    case 'set':
      if (i < out.length) out[i] = m.byte;
      return out;
    case 'insert':
      return Buffer.concat([b.subarray(0, i), m.bytes, b.subarray(i)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, i), b.subarray(i + m.length)]);
    case 'truncate':
      return out.subarray(0, i);
    case 'repeat': {
      const slice = b.subarray(i, i + m.length);
      return Buffer.concat([b.subarray(0, i), ...Array.from({ length: m.times }, () => slice), b.subarray(i + m.length)]);
    }
  }
}

export function applyMutations(base: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  return ms.reduce(apply, base);
}

/** A mutated file: the mutations, then maybe gzip, then maybe damage to the gzip. */
export interface MutatedFile {
  readonly mutations: readonly Mutation[];
  readonly gzip: false | { readonly damage: readonly Mutation[] };
}

export const mutatedFile = (maxMutations = 4): fc.Arbitrary<MutatedFile> =>
  fc.record({
    mutations: mutations(maxMutations),
    gzip: fc.oneof({ weight: 5, arbitrary: fc.constant(false as const) }, fc.record({ damage: fc.array(mutation, { maxLength: 1 }) })),
  });

export function mutatedBytes(base: Uint8Array, f: MutatedFile): Uint8Array {
  const text = applyMutations(base, f.mutations);
  return f.gzip === false ? text : applyMutations(gzipSync(text), f.gzip.damage);
}

/** A JSON edit: the value at `path` replaced, or deleted when `value` is undefined; a path that leads nowhere changes nothing. */
export function editJson(json: Record<string, unknown>, e: { readonly path: readonly string[]; readonly value: unknown }): void {
  let at: unknown = json;
  for (const key of e.path.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) return;
    at = (at as Record<string, unknown>)[key];
  }
  if (typeof at !== 'object' || at === null) return;
  const last = e.path.at(-1)!;
  if (e.value === undefined) delete (at as Record<string, unknown>)[last];
  else (at as Record<string, unknown>)[last] = e.value;
}
