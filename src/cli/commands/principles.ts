import type { Command } from 'commander';
import type { PrincipleView } from '../../services/principles/principles.service.js';
import { findOrg } from '../find-org.js';
import { overApiOrDatabase } from '../pulse-api.js';
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
  return overApiOrDatabase(
    options,
    config,
    async (api) => {
      const { principles } = await api.request<{ principles: PrincipleView[] }>('GET', `/orgs/${api.org.id}/principles${options.includeRetired === true ? '?includeRetired=true' : ''}`);
      return { orgName: api.org.name, principles };
    },
    async (org) => {
      const { listPrinciples } = await import('../../services/principles/principles.service.js');
      return withStorage(config, async ({ db }) => {
        const row = await findOrg(db, org, '--org');
        // The operator on the host acts with read rights only.
        const principles = await listPrinciples(db, { userId: '', orgId: row.id, role: 'member' }, { includeRetired: options.includeRetired === true });
        return { orgName: row.name, principles };
      });
    },
  );
}

export function registerPrinciplesCommands(program: Command): void {
  const principles = program.command('principles').description('The org\'s leadership principles.');
  principles
    .command('list')
    .description('List the principles in order.')
    .option('--org <slug>', 'org slug or id (reads the database of this machine; with --url, it must be the token\'s org)')
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
