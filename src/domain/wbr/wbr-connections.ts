import type { ConfigReader, Located } from './wbr-config.js';
import { openYamlFile } from './wbr-config.js';

/**
 * The WBR App's connections file (`setup.db_config_url` points at it): the databases a deck's `data_sources`
 * queries run on, by name.
 *
 * ```yaml
 * version: 1.0
 * connections:
 *   - name: MyProdPostgres
 *     type: postgres
 *     config: { host: db.example.com, port: 5432, username: analyst, password: secret, database: metrics_db }
 * ```
 *
 * Pulse reads PostgreSQL connections (and Redshift, which speaks PostgreSQL's protocol). Snowflake, Athena and
 * credentials kept in AWS Secrets Manager are refused by name, with their line. Pulse adds one key of its own:
 * `pulse_orgs`, the orgs (by id, or `*`) whose decks may use a connection in the app. A connection is closed to
 * every org until its operator opens it: anyone may sign up and make an org on a Pulse server, and an org's name
 * (or slug) is first come, first served, while its id is not.
 */

export interface WbrConnection {
  name: string;
  type: 'postgres' | 'redshift';
  host: string;
  port: number;
  user: string;
  password: string | null;
  database: string;
  /** `disable` (the default) or `require` (TLS, certificate checked) or `no-verify` (TLS, any certificate). */
  sslMode: 'disable' | 'require' | 'no-verify';
  /** The orgs (ids, or `*` for all) whose decks may query it in the app; empty: none (the command line ignores it). */
  orgs: string[];
  line: number;
}

const CONNECTION_KEYS = ['name', 'type', 'config', 'pulse_orgs'];
const CONFIG_KEYS = ['host', 'port', 'username', 'password', 'database', 'sslmode'];
const SSL_MODES = ['disable', 'require', 'no-verify'] as const;
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseWbrConnections(text: string, fileName: string): Map<string, WbrConnection> {
  const opened = openYamlFile(text, { fileName, emptyMessage: 'The connections file is empty: it needs a list of connections.', what: 'The connections file' });
  const reader: ConfigReader = opened.reader;
  const top = opened.top;
  reader.checkKeys(top, ['version', 'connections'], null, 'the connections file');
  const versionAt = top.get('version');
  if (versionAt !== undefined && versionAt.node !== null && String(reader.scalar(versionAt)) !== '1' && reader.scalar(versionAt) !== '1.0') {
    reader.fail(versionAt, `version must be 1.0 (the only version of the connections file), not "${String(reader.scalar(versionAt))}".`);
  }
  const listAt = top.get('connections');
  if (listAt === undefined || listAt.node === null) reader.fail({ path: 'connections', line: 1 }, 'The connections file needs a "connections" list.');
  const connections = new Map<string, WbrConnection>();
  for (const itemAt of reader.items(listAt, 'connections')) {
    const connection = readConnection(reader, itemAt);
    if (connections.has(connection.name)) reader.fail(itemAt, `The connection name "${connection.name}" is used twice.`);
    connections.set(connection.name, connection);
  }
  return connections;
}

function readConnection(reader: ConfigReader, itemAt: Located): WbrConnection {
  const entry = reader.entries(itemAt, itemAt);
  reader.checkKeys(entry, CONNECTION_KEYS, null, itemAt);
  const need = (key: string, from = entry, at = itemAt): Located => {
    const value = from.get(key);
    if (value === undefined || value.node === null) reader.fail({ path: `${at.path}.${key}`, line: at.line }, `${at.path}.${key} is required.`);
    return value;
  };
  const name = reader.string(need('name'));
  const typeAt = need('type');
  const type = reader.string(typeAt).toLowerCase();
  if (type !== 'postgres' && type !== 'redshift') {
    reader.fail(typeAt, `Connection "${name}" is of type "${type}"; Pulse runs queries on postgres and redshift connections only.`);
  }
  const configAt = need('config');
  const config = reader.entries(configAt, configAt);
  if (config.has('service') || config.has('secret_name')) {
    reader.fail(configAt, `Connection "${name}" keeps its credentials in AWS Secrets Manager, which Pulse does not read; write host, port, username, password and database here.`);
  }
  reader.checkKeys(config, CONFIG_KEYS, null, configAt);
  const text = (key: string): string => reader.string(need(key, config, configAt));
  const portAt = config.get('port');
  const port = portAt === undefined || portAt.node === null ? 5432 : reader.integer(portAt);
  if (port < 1 || port > 65_535) reader.fail(portAt as Located, `${(portAt as Located).path} must be a port number (1-65535), not ${port}.`);
  const sslAt = config.get('sslmode');
  const sslMode = sslAt === undefined || sslAt.node === null ? 'disable' : reader.string(sslAt);
  if (!(SSL_MODES as readonly string[]).includes(sslMode)) reader.fail(sslAt as Located, `${(sslAt as Located).path} must be one of ${SSL_MODES.join(', ')}, not "${sslMode}".`);
  const orgsAt = entry.get('pulse_orgs');
  return {
    name,
    type,
    host: text('host'),
    port,
    user: text('username'),
    password: reader.optionalString(config.get('password'), `${configAt.path}.password`),
    database: text('database'),
    sslMode: sslMode as WbrConnection['sslMode'],
    orgs: orgsAt === undefined || orgsAt.node === null ? [] : reader.items(orgsAt, orgsAt).map((org) => {
      const id = reader.string(org).trim().toLowerCase();
      if (id !== '*' && !ORG_ID.test(id)) reader.fail(org, `${org.path} must be an org's id (as in the app's addresses, /o/<id>/) or *, not "${id}".`);
      return id;
    }),
    line: itemAt.line,
  };
}

/** Whether an org's decks may run queries on a connection in the app: only when `pulse_orgs` names it, or `*`. */
export function connectionServesOrg(connection: WbrConnection, orgId: string): boolean {
  return connection.orgs.includes('*') || connection.orgs.includes(orgId.toLowerCase());
}
