import type { PulseConfig } from '../config/config.js';
import type { PlaybookLibrary } from '../domain/playbooks/playbook.js';
import type { AccountSettings } from '../services/accounts/accounts.service.js';
import type { OrgActor } from '../services/context.js';
import type { Db } from '../storage/database.js';
import type { WbrSourceSettings } from '../services/wbr/wbr-data-sources.js';
import type { ReadCaches } from './read-caches.js';
import type { TokenRateLimit } from './token-rate-limit.js';

export interface AppDeps {
  db: Db;
  config: PulseConfig;
  accountSettings: AccountSettings;
  log: (message: string) => void;
  caches: ReadCaches;
  /** Requests per API token and minute (PULSE_TOKEN_REQUESTS_PER_MINUTE). */
  tokenRateLimit: TokenRateLimit;
  /** The playbooks Pulse ships, read and checked at start (decision 015). */
  playbooks: PlaybookLibrary;
  /** The databases business review decks may query (PULSE_WBR_CONNECTIONS), read at start and when it changes; null when none is set. */
  wbrSources: WbrSourceSettings | null;
}

/** How the caller proved who they are: a browser session (cookie + CSRF token) or an API token bound to one org. */
export type Authentication =
  | { kind: 'session'; userId: string; csrfToken: string; sessionToken: string }
  | { kind: 'api_token'; userId: string; actor: OrgActor };

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    auth: Authentication | undefined;
    actor: OrgActor;
  };
}
