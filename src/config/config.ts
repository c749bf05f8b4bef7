import path from 'node:path';
import { AppError } from '../domain/errors.js';
import { withoutUrlPasswords } from '../domain/mail/outbox-emails.js';

/**
 * Pulse's configuration, read once from the environment at start and validated with every error listed.
 * Nothing else in Pulse reads `process.env`.
 */
export interface PulseConfig {
  http: {
    host: string;
    port: number;
    /** The address people use to reach Pulse: invitation links and the secure-cookie decision derive from it. */
    publicUrl: string;
    maxBodyBytes: number;
    /** Largest data file a WBR deck accepts (the CSV is the request body). */
    maxUploadBytes: number;
  };
  database:
    | { kind: 'server'; url: string }
    | { kind: 'embedded'; dataDir: string; port: number | undefined };
  security: {
    isCookieSecure: boolean;
    sessionDays: number;
    /** scrypt cost as log2(N); 17 (128 MiB per hash) unless lowered for tests. */
    passwordHashLog2N: number;
    /** Longest time an instance keeps a session, role, token or principles list in memory (0 turns caching off). */
    cacheSeconds: number;
    loginAttemptsPerWindow: number;
    loginWindowMinutes: number;
    /** Requests one API token may make per minute on one instance (0: no limit). */
    tokenRequestsPerMinute: number;
  };
  /** Business review decks whose data comes from SQL queries (docs/wbr-sql.md). */
  wbr: {
    /** The WBR App connections file naming the databases deck queries may run on; null: no deck may run queries. */
    connectionsFile: string | null;
    /** Longest a deck's query may run. */
    queryTimeoutMs: number;
  };
  /** Email through an SMTP server (PULSE_SMTP_URL); null: Pulse sends no email and queues none. */
  mail: { smtpUrl: string; from: string } | null;
  logLevel: 'silent' | 'error' | 'info' | 'debug';
  /** Where CLI commands that act as a user reach a running Pulse (an API token is bound to one org). */
  client: { apiUrl: string | undefined; apiToken: string | undefined };
}

type Environment = Readonly<Record<string, string | undefined>>;

/** Each configurable variable, its default and what it means: the README's configuration table follows this list. */
export const CONFIG_VARIABLES = [
  { name: 'PULSE_HOST', default: '127.0.0.1', meaning: 'Interface the HTTP server listens on.' },
  { name: 'PULSE_PORT', default: '3000', meaning: 'Port of the HTTP server.' },
  { name: 'PULSE_PUBLIC_URL', default: 'http://localhost:<port>', meaning: 'Address users reach Pulse at (invitation links; https turns on secure cookies).' },
  { name: 'DATABASE_URL', default: '(unset: embedded)', meaning: 'PostgreSQL server to use. Unset: Pulse runs its own embedded PostgreSQL.' },
  { name: 'PULSE_DATA_DIR', default: '.pulse/data', meaning: 'Data directory of the embedded PostgreSQL.' },
  { name: 'PULSE_EMBEDDED_PORT', default: '(a free port)', meaning: 'Port of the embedded PostgreSQL.' },
  { name: 'PULSE_MAX_BODY_BYTES', default: '1048576', meaning: 'Largest request body accepted (larger: 413).' },
  { name: 'PULSE_MAX_UPLOAD_BYTES', default: '33554432', meaning: 'Largest data file (CSV) a business review deck accepts (larger: 413), uploaded or returned by its queries.' },
  { name: 'PULSE_WBR_CONNECTIONS', default: '(unset)', meaning: 'A WBR App connections file (YAML): the PostgreSQL databases business review decks may query for their data; read again when it changes. Unset: decks take uploads only.' },
  { name: 'PULSE_WBR_QUERY_SECONDS', default: '60', meaning: 'Longest a business review deck\'s query may run.' },
  { name: 'PULSE_SMTP_URL', default: '(unset: no email)', meaning: 'SMTP server Pulse sends email through (invitations, reminders, loop seats, reading meetings, anomaly owners): smtp://host:port, or smtps:// for TLS from the start, with user:password@ before the host if it asks for a login. Unset: Pulse sends no email.' },
  { name: 'PULSE_MAIL_FROM', default: '(required with PULSE_SMTP_URL)', meaning: 'The From address of Pulse\'s email, as an address or Name <address>.' },
  { name: 'PULSE_SESSION_DAYS', default: '14', meaning: 'How long a sign-in lasts.' },
  { name: 'PULSE_LOGIN_ATTEMPTS', default: '10', meaning: 'Failed sign-ins allowed per email in one window (five times as many per client address).' },
  { name: 'PULSE_LOGIN_WINDOW_MINUTES', default: '15', meaning: 'Length of the sign-in rate-limit window.' },
  { name: 'PULSE_TOKEN_REQUESTS_PER_MINUTE', default: '1200', meaning: 'Requests one API token may make per minute on one server (then 429 with Retry-After); sign-ins in a browser are not counted. 0: no limit.' },
  { name: 'PULSE_SCRYPT_LOG2N', default: '17', meaning: 'Password hashing cost (scrypt N = 2^value, 10 to 20). Lower it only for tests.' },
  { name: 'PULSE_CACHE_SECONDS', default: '60', meaning: 'Longest time an instance keeps sessions, roles, API tokens and principles in memory. Changes reach every instance at once through PostgreSQL NOTIFY; this is only the safety net. 0 turns caching off.' },
  { name: 'PULSE_URL', default: '(unset)', meaning: 'CLI: the Pulse server to talk to with PULSE_TOKEN (instead of opening the database directly).' },
  { name: 'PULSE_TOKEN', default: '(unset)', meaning: 'CLI: an API token (create one on the API tokens page).' },
  { name: 'PULSE_LOG_LEVEL', default: 'info', meaning: 'silent, error, info or debug.' },
] as const;

export function readConfig(env: Environment, cwd: string): PulseConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };

  const port = integer('PULSE_PORT', 3000, 0, 65535);
  const host = env.PULSE_HOST || '127.0.0.1';
  const publicUrl = env.PULSE_PUBLIC_URL || `http://localhost:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`PULSE_PUBLIC_URL must be an absolute URL (got "${publicUrl}").`);
  }

  const databaseUrl = env.DATABASE_URL;
  let database: PulseConfig['database'];
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://.');
    database = { kind: 'server', url: databaseUrl };
  } else {
    const embeddedPort = env.PULSE_EMBEDDED_PORT ? integer('PULSE_EMBEDDED_PORT', 0, 1, 65535) : undefined;
    database = { kind: 'embedded', dataDir: path.resolve(cwd, env.PULSE_DATA_DIR || '.pulse/data'), port: embeddedPort };
  }

  const logLevel = env.PULSE_LOG_LEVEL || 'info';
  if (!['silent', 'error', 'info', 'debug'].includes(logLevel)) problems.push(`PULSE_LOG_LEVEL must be silent, error, info or debug (got "${logLevel}").`);

  const mail = readMailSettings(env, problems);

  const config: PulseConfig = {
    http: { host, port, publicUrl, maxBodyBytes: integer('PULSE_MAX_BODY_BYTES', 1024 * 1024, 1024, 512 * 1024 * 1024), maxUploadBytes: integer('PULSE_MAX_UPLOAD_BYTES', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024) },
    database,
    security: {
      isCookieSecure: publicUrl.startsWith('https:'),
      sessionDays: integer('PULSE_SESSION_DAYS', 14, 1, 365),
      passwordHashLog2N: integer('PULSE_SCRYPT_LOG2N', 17, 10, 20),
      cacheSeconds: integer('PULSE_CACHE_SECONDS', 60, 0, 3600),
      loginAttemptsPerWindow: integer('PULSE_LOGIN_ATTEMPTS', 10, 1, 10_000),
      loginWindowMinutes: integer('PULSE_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
      tokenRequestsPerMinute: integer('PULSE_TOKEN_REQUESTS_PER_MINUTE', 1200, 0, 1_000_000),
    },
    wbr: {
      connectionsFile: env.PULSE_WBR_CONNECTIONS ? path.resolve(cwd, env.PULSE_WBR_CONNECTIONS) : null,
      queryTimeoutMs: integer('PULSE_WBR_QUERY_SECONDS', 60, 1, 3600) * 1000,
    },
    mail,
    logLevel: logLevel as PulseConfig['logLevel'],
    client: { apiUrl: env.PULSE_URL || undefined, apiToken: env.PULSE_TOKEN || undefined },
  };
  if (problems.length > 0) {
    throw new AppError('validation_failed', `Pulse's configuration is invalid:\n  - ${problems.join('\n  - ')}`, { field: 'environment' });
  }
  return config;
}

function readMailSettings(env: Environment, problems: string[]): PulseConfig['mail'] {
  const smtpUrl = env.PULSE_SMTP_URL;
  if (!smtpUrl) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(smtpUrl);
  } catch {
    // Reported below with the others.
  }
  if (parsed === null || !['smtp:', 'smtps:'].includes(parsed.protocol) || parsed.hostname === '') {
    problems.push(`PULSE_SMTP_URL must be smtp://host:port or smtps://host:port, with user:password@ before the host if the server asks for a login (got "${withoutUrlPasswords(smtpUrl)}").`);
  }
  const from = env.PULSE_MAIL_FROM?.trim() ?? '';
  // An address alone, or a display name with the address in angle brackets; anything else a server would refuse later.
  if (from === '') problems.push('PULSE_MAIL_FROM must be set when PULSE_SMTP_URL is: the address Pulse\'s email comes from, like Pulse <pulse@example.com>.');
  else if (!/^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/.test(from)) {
    problems.push(`PULSE_MAIL_FROM must be an email address, or a name followed by an address in angle brackets like Pulse <pulse@example.com> (got "${from}").`);
  }
  return { smtpUrl, from };
}
