/**
 * Two kinds of failure (DESIGN.md): a UserError is something the user can fix (bad file,
 * bad option, bad row). The CLI prints its message as one line and exits 2, with no stack.
 * Anything else is a bug: stack trace, exit 1.
 */
export type UserErrorKind =
  | 'file' // missing, unreadable, a folder, empty
  | 'format' // ragged rows, bad header, undecodable content
  | 'column' // missing / unknown / duplicate column
  | 'value' // NaN, Infinity, duplicate id, bad label
  | 'dataset' // too few classes, a class with one row
  | 'option'; // bad option value

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly kind: UserErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
