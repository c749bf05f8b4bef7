import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { PrincipleView } from '../../services/principles/principles.service.js';
import { loadConfig, printJson, withStorage } from '../with-storage.js';

interface ListOptions {
  org?: string;
  url?: string;
  token?: string;
  includeRetired?: boolean;
  json?: boolean;
}

/**
 * Two ways to reach the principles: over the API with a token (any machine, acting as the token's owner),
 * or, on the machine that hosts Pulse, straight from its database for an org named by slug or id.
 */
async function fetchPrinciples(options: ListOptions): Promise<{ orgName: string; principles: PrincipleView[] }> {
  const config = loadConfig();
  const apiUrl = options.url ?? config.client.apiUrl;
  const apiToken = options.token ?? config.client.apiToken;
  if (apiUrl && apiToken) return fetchOverApi(apiUrl, apiToken, options.includeRetired === true);
  if (!options.org) {
    throw new AppError('validation_failed', 'Name the org with --org SLUG (reads this machine\'s database), or give --url and --token (or PULSE_URL and PULSE_TOKEN) to ask a running Pulse.', { field: '--org' });
  }
  const org = options.org;
  const { listPrinciples } = await import('../../services/principles/principles.service.js');
  return withStorage(config, async ({ db }) => {
    const isUuid = /^[0-9a-f-]{36}$/i.test(org);
    const row = await db.selectFrom('orgs').select(['id', 'name']).where(isUuid ? 'id' : 'slug', '=', org).executeTakeFirst();
    if (!row) throw new AppError('not_found', `No org "${org}" in this database.`, { field: '--org' });
    // The operator on the host acts with read rights only.
    const principles = await listPrinciples(db, { userId: '', orgId: row.id, role: 'member' }, { includeRetired: options.includeRetired === true });
    return { orgName: row.name, principles };
  });
}

async function fetchOverApi(apiUrl: string, token: string, includeRetired: boolean): Promise<{ orgName: string; principles: PrincipleView[] }> {
  const call = async <T>(path: string): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(`/api/v1${path}`, apiUrl), { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      throw new AppError('validation_failed', `Could not reach Pulse at ${apiUrl} (${(error as Error).message}).`, { field: '--url' });
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) throw new AppError(response.status === 401 ? 'unauthenticated' : 'validation_failed', body.error?.message ?? `Pulse answered ${response.status}.`, { field: '--token' });
    return body as T;
  };
  const session = await call<{ memberships: Array<{ org: { id: string; name: string } }> }>('/auth/session');
  const org = session.memberships[0]?.org;
  if (!org) throw new AppError('unauthenticated', 'The token belongs to no org.', { field: '--token' });
  const { principles } = await call<{ principles: PrincipleView[] }>(`/orgs/${org.id}/principles${includeRetired ? '?includeRetired=true' : ''}`);
  return { orgName: org.name, principles };
}

export function registerPrinciplesCommands(program: Command): void {
  const principles = program.command('principles').description('The org\'s leadership principles.');
  principles
    .command('list')
    .description('List the principles in order.')
    .option('--org <slug>', 'org slug or id (reads the database of this machine)')
    .option('--url <url>', 'a running Pulse to ask instead (or PULSE_URL)')
    .option('--token <token>', 'API token for --url (or PULSE_TOKEN)')
    .option('--include-retired', 'also list retired principles')
    .option('--json', 'print JSON')
    .action(async (options: ListOptions) => {
      const { orgName, principles: list } = await fetchPrinciples(options);
      if (options.json) {
        printJson({ org: orgName, principles: list });
        return;
      }
      process.stdout.write(`Leadership principles of ${orgName}\n\n`);
      for (const principle of list) {
        const retired = principle.status === 'retired' ? ' (retired)' : '';
        process.stdout.write(`${String(principle.position).padStart(2)}. ${principle.title}${retired}  [v${principle.version}]\n    ${principle.summary}\n`);
      }
    });
}
