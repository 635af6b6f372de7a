/**
 * Columns a table loader must not one-hot encode as features, decided from their values once they
 * are read: a text column with a different value on every row is an id (file names, uuids, names
 * of people), and a text column with more distinct values than half the rows is one the model
 * could only memorise (free text, timestamps as strings). Both used to become up to 32 one-hot
 * columns, with a warning that advised raising --max-categories. Numeric columns are never
 * touched: distinct values are what a continuous feature has.
 */
import { quote } from '../util/quote.js';
import type { GatheredColumn } from './csv-scan.js';
import { isMissing } from './csv-values.js';

type TextColumn = Extract<GatheredColumn, { kind: 'text' }>;

export interface ColumnRoles {
  /** The column taken as the id by its values, when no id was given or found by name. */
  readonly id: TextColumn | null;
  /** Feature columns that stay, in their order. */
  readonly features: readonly GatheredColumn[];
  /** Text columns dropped for having too many distinct values. */
  readonly dropped: readonly { readonly name: string; readonly distinct: number }[];
  readonly warnings: readonly string[];
}

export interface RoleRules {
  /** May a column become the id by its values (no --id given, none found by name, no --features)? */
  readonly findId: boolean;
  /** May text columns be dropped for their distinct values (no --features listing them)? */
  readonly dropHighCardinality: boolean;
}

function distinctValues(c: TextColumn): { distinct: number; missing: number } {
  const seen = new Set<string>();
  let missing = 0;
  for (const v of c.values) {
    if (isMissing(v)) missing++;
    else seen.add(v);
  }
  return { distinct: seen.size, missing };
}

export function assignColumnRoles(columns: readonly GatheredColumn[], rows: number, rules: RoleRules): ColumnRoles {
  let id: TextColumn | null = null;
  const features: GatheredColumn[] = [];
  const dropped: { name: string; distinct: number }[] = [];
  const warnings: string[] = [];
  for (const c of columns) {
    if (c.kind !== 'text') {
      features.push(c);
      continue;
    }
    const { distinct, missing } = distinctValues(c);
    if (rules.findId && id === null && missing === 0 && distinct === rows && rows > 1) {
      id = c;
      warnings.push(
        `column ${quote(c.name)} has a different text value on every row, so it is taken as the sample id, not a feature (pass --id <column> to choose another, or list it in --features to use it as one)`,
      );
      continue;
    }
    if (rules.dropHighCardinality && distinct > rows / 2) {
      dropped.push({ name: c.name, distinct });
      warnings.push(
        `column ${quote(c.name)} has ${distinct} distinct text values in ${rows} rows, too many to learn from (a model could only memorise them): dropped from the features; list it in --features to use it anyway`,
      );
      continue;
    }
    features.push(c);
  }
  return { id, features, dropped, warnings };
}
