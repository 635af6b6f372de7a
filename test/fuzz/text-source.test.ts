import { gzipSync } from 'node:zlib';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, readText, readWholeText, sniffEncoding, TEXT_ENCODINGS } from '../../src/data/text-source.js';
import { expectResultOrUserError, FUZZ_TEST_MS, fuzzDir, fuzzOptions } from './expect-user-error.js';
import { mutatedBytes, mutatedFile } from './mutate.js';

let write: Awaited<ReturnType<typeof fuzzDir>>['write'];
beforeAll(async () => {
  ({ write } = await fuzzDir('text'));
});

const strict = new TextDecoder('utf-8', { fatal: true });
const isUtf8 = (b: Uint8Array): boolean => {
  try {
    strict.decode(b);
    return true;
  } catch {
    return false;
  }
};

/** Bytes that are mostly UTF-8, with the bytes that make or break a sequence mixed in. */
const nearUtf8 = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 3 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc.constantFrom(0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff).map((b) => Uint8Array.of(b)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => new Uint8Array(Buffer.concat(parts)));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), nearUtf8);

describe('firstInvalidUtf8', () => {
  it('is the length exactly when a strict TextDecoder accepts the bytes, else the first offset no valid sequence starts at', () => {
    fc.assert(
      fc.property(anyBytes, (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === b.length).toBe(isUtf8(b));
        if (at === b.length) return;
        expect(at).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThan(b.length);
        expect(isUtf8(b.subarray(0, at))).toBe(true);
        // First: no prefix that reaches past `at` is valid, so the sequence at `at` cannot be completed.
        for (let k = 1; k <= 4 && at + k <= b.length; k++) expect(isUtf8(b.subarray(0, at + k))).toBe(false);
      }),
      fuzzOptions(2_000),
    );
  });
});

describe('sniffEncoding', () => {
  it('names an encoding and a byte-order mark the bytes start with, or says the bytes are binary', () => {
    fc.assert(
      fc.property(anyBytes, (b) => {
        const s = sniffEncoding(b);
        if ('binary' in s) {
          expect(s.binary.length).toBeGreaterThan(0);
          return;
        }
        const marks = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff] };
        if (s.bom > 0) expect([...b.subarray(0, s.bom)]).toEqual(marks[s.encoding]);
      }),
      fuzzOptions(1_000),
    );
  });
});

/** CSV-ish text built from pieces, some of which look like the start of a binary format. */
const textPiece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.constantFrom('id,label\n', 'a,b\r\n', '"x, y"', 'PAR1', '%PDF', 'BZh', 'PK', '\uFEFF', 'é', '日本', '😀', '1.5', ','),
);
const text = fc.array(textPiece, { maxLength: 8 }).map((p) => p.join('').replace(/\0/g, ''));

describe('readText and readWholeText', () => {
  it(
    'random and mutated bytes, with every --encoding: text or a UserError',
    async () => {
      const base = new Uint8Array(Buffer.from('id,label,x\n1,cat,0.5\n2,dog,"a ""b"""\n', 'utf8'));
      const input = fc.oneof(
        fc.uint8Array({ maxLength: 200 }).map((b) => ({ bytes: b })),
        mutatedFile().map((f) => ({ bytes: mutatedBytes(base, f) })),
        mutatedFile().map((f) => ({ bytes: mutatedBytes(new Uint8Array(Buffer.from('\uFEFFid,label\n1,é\n', 'utf16le')), f) })),
      );
      await fc.assert(
        fc.asyncProperty(input, fc.constantFrom(...TEXT_ENCODINGS), fc.boolean(), async ({ bytes }, encoding, chunked) => {
          const path = await write('bytes.txt', bytes);
          if (chunked) {
            await expectResultOrUserError(async () => {
              for await (const chunk of readText(path, encoding)) expect(typeof chunk).toBe('string');
            }, bytes);
          } else {
            await expectResultOrUserError(() => readWholeText(path, encoding), bytes);
          }
        }),
        fuzzOptions(250),
      );
    },
    FUZZ_TEST_MS,
  );

  it(
    'reads back any UTF-8 text without NULs verbatim (leading byte-order marks dropped), plain or gzipped',
    async () => {
      await fc.assert(
        fc.asyncProperty(text, fc.boolean(), async (t, gzip) => {
          const utf8 = Buffer.from(t, 'utf8');
          const path = await write('text.txt', gzip ? gzipSync(utf8) : utf8);
          // The sniffed mark is skipped and TextDecoder drops one more: a doubled mark goes too, harmlessly.
          expect(await readWholeText(path)).toBe(t.replace(/^\uFEFF{1,2}/, ''));
        }),
        fuzzOptions(250),
      );
    },
    FUZZ_TEST_MS,
  );
});

describe('readText: counterexamples fast-check found', () => {
  it('reads a table whose first column is named like a magic number as text, not as that format', async () => {
    // Was refused ("is a PDF document, not a text table"): the magic alone decided.
    expect(sniffEncoding(Buffer.from('%PDF'))).toEqual({ encoding: 'utf-8', bom: 0 });
    const t = 'PAR1,PAR2,label\n0.5,1,a\n';
    expect(await readWholeText(await write('par.csv', t))).toBe(t);
    // The formats themselves are still named.
    expect(sniffEncoding(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'))).toEqual({ binary: 'a PDF document' });
  });
});
