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

/** The signals that stop a run gracefully, with the exit code a shell expects for each (128 + signal number). */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/**
 * The user stopped the run (Ctrl-C, SIGTERM). Neither a user error nor a bug: the CLI says what was
 * or was not written and exits 130 / 143. Used as the AbortSignal's reason, so the pipeline can
 * tell a signal from any other abort.
 */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
  }
}
