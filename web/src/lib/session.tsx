import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isApiError, SESSION_ENDED_EVENT, setCsrfToken } from './api-client.js';
import type { Membership, Session } from './api-types.js';

export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: SessionState;
  /** Takes a session answer (sign-up, sign-in, accepting an invitation) as the current one. */
  adopt(session: Session): void;
  addMembership(membership: Membership): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The readable cookie the server sets beside the httpOnly session cookie (see authentication.ts). */
const SIGNED_IN_HINT = 'pulse_signed_in';

function hasSignedInHint(): boolean {
  return document.cookie.split(';').some((cookie) => cookie.trim().startsWith(`${SIGNED_IN_HINT}=`));
}

/** Drops a hint that outlived its session (expired, or ended elsewhere), so the next load asks nothing. */
function clearSignedInHint(): void {
  document.cookie = `${SIGNED_IN_HINT}=; Max-Age=0; Path=/; SameSite=Lax`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const adopt = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', session });
  }, []);

  useEffect(() => {
    // Without the server's signed-in hint there is no session to ask about: asking would only answer 401.
    if (!hasSignedInHint()) {
      setState({ status: 'signed-out' });
      return;
    }
    api<Session>('GET', '/auth/session')
      .then(adopt)
      .catch((error: unknown) => {
        if (!isApiError(error) || error.status !== 401) console.error(error);
        clearSignedInHint();
        setState({ status: 'signed-out' });
      });
  }, [adopt]);

  useEffect(() => {
    const onSessionEnded = () => {
      setCsrfToken(null);
      clearSignedInHint();
      setState({ status: 'signed-out' });
    };
    window.addEventListener(SESSION_ENDED_EVENT, onSessionEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onSessionEnded);
  }, []);

  const addMembership = useCallback((membership: Membership) => {
    setState((current) => (current.status === 'signed-in' ? { status: 'signed-in', session: { ...current.session, memberships: [...current.session.memberships, membership] } } : current));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('POST', '/auth/logout', {});
    } finally {
      setCsrfToken(null);
      clearSignedInHint();
      setState({ status: 'signed-out' });
    }
  }, []);

  const value = useMemo(() => ({ state, adopt, addMembership, signOut }), [state, adopt, addMembership, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider above it.');
  return value;
}

const LAST_ORG_KEY = 'pulse-last-org';

/** The org a person lands in: the one they used last, if they still belong to it, else their first. */
export function homeOrgId(session: Session): string | undefined {
  const last = localStorage.getItem(LAST_ORG_KEY);
  return session.memberships.find((membership) => membership.org.id === last)?.org.id ?? session.memberships[0]?.org.id;
}

export function rememberOrg(orgId: string): void {
  localStorage.setItem(LAST_ORG_KEY, orgId);
}
