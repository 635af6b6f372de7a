/** How a user's values and names appear in a one-line message (every UserError of every floor). */

/** Quotes a value for a one-line message; long or multi-line values are shortened. */
export function quote(value: string, max = 40): string {
  const s = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(s).replace(/^"|"$/g, "'");
}

/** "a, b, c" or "a, b, … (785 in all)" for messages that list column names. */
export function listNames(names: readonly string[], max = 10): string {
  const shown = names
    .slice(0, max)
    .map((n) => quote(n))
    .join(', ');
  return names.length > max ? `${shown}, … (${names.length} in all)` : shown;
}

/**
 * A JSON.parse error as one line. V8 quotes a slice of the text, line breaks and NULs and all
 * ("Unexpected token 'N', \"NaN{\n...\" is not valid JSON"): control characters are escaped as in
 * JSON, and "at position N" becomes a line and column.
 */
export function jsonErrorText(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (
    message
      .replace(/at position (\d+)(?: \(line \d+ column \d+\))?/, (_, at: string) => {
        const lines = text.slice(0, Number(at)).split(/\r\n|\r|\n/);
        return `at line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
      })
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must not reach the terminal raw
      .replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1))
  );
}
