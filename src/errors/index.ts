/**
 * The few error classes resrecon throws on purpose. Each carries enough context (setting, file,
 * row, rule) for one clear line on the command line; anything else is a bug and shows its stack.
 * Part of the floor every folder may import.
 * May import: nothing.
 */

/** The command line or the configuration is wrong: exit status 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** The setting to fix, e.g. `RESRECON_SMTP_URL` or `source.tables.Reservation.columns.guestEmail`. */
    readonly setting?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input data that cannot be read as it is: names the file, table, row or field. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    message: string,
    readonly where: { file?: string; table?: string; row?: string | number; field?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An external system (PostgreSQL, SMTP, the booking API) failed or could not be reached. */
export class ExternalError extends Error {
  override readonly name = 'ExternalError';
  constructor(
    message: string,
    /** Which system, e.g. `source database`, `SMTP server`, `state store`. */
    readonly system: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A state change that is not allowed, e.g. approving a plan that was already executed. */
export class StateError extends Error {
  override readonly name = 'StateError';
}

/**
 * A person may not take this decision: not a known user, or without the role it needs (the
 * second approval of a refund past the limit is finance's). Exit status 1; the console answers 403.
 */
export class PermissionError extends Error {
  override readonly name = 'PermissionError';
  constructor(
    message: string,
    /** Who asked, as given (`--by`, the console's user). */
    readonly user: string,
    /** The role the decision needs, e.g. `finance`; null when the user is not known at all. */
    readonly role: string | null,
  ) {
    super(message);
  }
}
