/**
 * Recognises PostgreSQL's unique-violation error (SQLSTATE 23505), optionally on one constraint or index, so a
 * service can answer a clash with a conflict that names the field instead of a 500. Uniqueness is left to the
 * database (a check-then-insert would race with a concurrent insert).
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Error) || (error as { code?: string }).code !== '23505') return false;
  return constraint === undefined || (error as { constraint?: string }).constraint === constraint;
}

/**
 * Recognises text PostgreSQL cannot store: a NUL character (SQLSTATE 22021, "invalid byte sequence") or a
 * character the database's encoding lacks (22P05). Any text field can carry one, so the HTTP edge answers it as
 * bad input rather than a 500.
 */
export function isUnstorableText(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: string }).code : undefined;
  return code === '22021' || code === '22P05';
}
