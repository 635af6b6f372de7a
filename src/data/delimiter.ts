/**
 * Which character separates the fields of a table. Exports from spreadsheets in many locales use
 * ';' (the comma is their decimal mark), tools on Unix write tabs, some databases write '|': a
 * reader fixed on ',' saw one column named 'x;y;label' and advised --label. 'auto' reads the
 * header line and takes the candidate that splits it into the most columns.
 */

/** What --delimiter accepts (commander's choices come from these keys). */
export const delimiterDescriptions = {
  auto: 'detected from the header line: comma, tab, semicolon or pipe, whichever splits it into the most columns',
  comma: "','",
  tab: 'a tab character (TSV)',
  semicolon: "';'",
  pipe: "'|'",
} as const satisfies Record<string, string>;

export type DelimiterChoice = keyof typeof delimiterDescriptions;
export type Delimiter = Exclude<DelimiterChoice, 'auto'>;
export const DELIMITER_CHOICES = Object.keys(delimiterDescriptions) as DelimiterChoice[];

export const delimiterChars = { comma: ',', tab: '\t', semicolon: ';', pipe: '|' } as const satisfies Record<Delimiter, string>;

/** In this order ties are broken: a header with one comma and one tab is read as comma-separated. */
const CANDIDATES = Object.keys(delimiterChars) as Delimiter[];

/**
 * The header line (the first non-blank line, a quoted line break kept inside it) of `text`, or
 * undefined when `text` ends before that line does and more text may follow.
 */
export function headerLine(text: string, final: boolean): string | undefined {
  let i = 0;
  while (i < text.length && (text[i] === '\n' || text[i] === '\r' || text[i] === '\ufeff')) i++;
  let quoted = false;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(i, j);
  }
  return final ? text.slice(i) : undefined;
}

/** Occurrences of each candidate outside quotes. */
function counts(line: string): Record<Delimiter, number> {
  const n: Record<Delimiter, number> = { comma: 0, tab: 0, semicolon: 0, pipe: 0 };
  const byChar = new Map(CANDIDATES.map((d) => [delimiterChars[d] as string, d]));
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      const d = byChar.get(c);
      if (d !== undefined) n[d]++;
    }
  }
  return n;
}

/** The candidate that splits the header line into the most columns; comma when none occurs. */
export function detectDelimiter(line: string): Delimiter {
  const n = counts(line);
  let best: Delimiter = 'comma';
  for (const d of CANDIDATES) if (n[d] > n[best]) best = d;
  return best;
}

/** How the terminal and error messages name it: "comma-separated". */
export function delimiterWords(d: Delimiter): string {
  return `${d}-separated`;
}
