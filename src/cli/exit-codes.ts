import type { ErrorCode } from '../domain/errors.js';

/** How each error code ends the CLI: 1 for bad input or a refused action, 2 for wrong usage. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

export const exitCodeFor: Record<ErrorCode, number> = {
  validation_failed: EXIT_BAD_INPUT,
  invalid_config: EXIT_BAD_INPUT,
  invalid_data: EXIT_BAD_INPUT,
  unauthenticated: EXIT_BAD_INPUT,
  forbidden: EXIT_BAD_INPUT,
  csrf_failed: EXIT_BAD_INPUT,
  not_found: EXIT_BAD_INPUT,
  conflict: EXIT_BAD_INPUT,
  rule_violation: EXIT_BAD_INPUT,
  payload_too_large: EXIT_BAD_INPUT,
  rate_limited: EXIT_BAD_INPUT,
  upstream_failed: EXIT_BAD_INPUT,
  internal: EXIT_INTERNAL,
};
