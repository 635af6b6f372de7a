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
