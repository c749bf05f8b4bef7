import { AsyncLocalStorage } from 'node:async_hooks';

/** The API token a request was authenticated with, as the audit log names it. */
export interface AuditVia {
  tokenId: string;
  tokenName: string;
}

/**
 * What every audit event written during one request should also record: today, the API token that made the
 * request, so a change made with a leaked token does not look like one its owner made. Set by the
 * authentication middleware around the rest of the request; read by recordAuditEvent, so no call site changes.
 */
const requestAuditContext = new AsyncLocalStorage<{ via: AuditVia }>();

export function runWithAuditVia<T>(via: AuditVia, run: () => T): T {
  return requestAuditContext.run({ via }, run);
}

/** The token acting in the current request, or null for a signed-in person, a job, or Pulse itself. */
export function currentAuditVia(): AuditVia | null {
  return requestAuditContext.getStore()?.via ?? null;
}
