import { serve, type ServerType } from '@hono/node-server';
import type { PulseConfig } from '../config/config.js';
import type { AccountSettings } from '../services/accounts/accounts.service.js';
import type { ChangeFeed } from '../storage/change-feed.js';
import type { Db } from '../storage/database.js';
import { createApp } from './app.js';
import { createReadCaches } from './read-caches.js';
import type { AppDeps } from './app-env.js';

export function accountSettingsFrom(config: PulseConfig): AccountSettings {
  const { sessionDays, passwordHashLog2N, loginAttemptsPerWindow, loginWindowMinutes } = config.security;
  return { sessionDays, passwordHashLog2N, loginAttemptsPerWindow, loginWindowMinutes };
}

/** Without a change feed the in-memory caches stay off (every read goes to the database). */
export function appDepsFrom(db: Db, config: PulseConfig, log: (message: string) => void, feed?: ChangeFeed): AppDeps {
  return { db, config, log, accountSettings: accountSettingsFrom(config), caches: createReadCaches(config.security.cacheSeconds, feed) };
}

/** Starts listening; resolves with the server and the port it got (port 0 picks a free one). */
export function startHttpServer(deps: AppDeps, webRoot: string | undefined): Promise<{ server: ServerType; port: number }> {
  const app = createApp(deps, { webRoot });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: deps.config.http.host, port: deps.config.http.port }, (info) => resolve({ server, port: info.port }));
  });
}
