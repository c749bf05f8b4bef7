// node:fs, not node:fs/promises: every CLI run loads this module, and fs is loaded anyway.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { OrgActor } from '../../services/context.js';
import type { ImportSummary } from '../../services/people/people-import.service.js';
import type { Db } from '../../storage/database.js';
import { findOrg } from '../find-org.js';
import { overApiOrDatabase, type PulseApi } from '../pulse-api.js';
import { loadConfig, printJson, withStorage } from '../with-storage.js';

interface OrgOptions {
  org?: string;
  as?: string;
  url?: string;
  token?: string;
}

/**
 * The operator on the host acts as an admin of the org: the one named by --as, or else the org's
 * earliest admin, so the audit log names a real person for the import.
 */
async function resolveAdmin(db: Db, options: OrgOptions & { org: string }): Promise<OrgActor> {
  const org = await findOrg(db, options.org, '--org');
  let query = db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.id').where('memberships.org_id', '=', org.id).where('memberships.role', '=', 'admin').orderBy('memberships.created_at');
  if (options.as) query = query.where((eb) => eb(eb.fn('lower', ['users.email']), '=', options.as!.toLowerCase()));
  const admin = await query.executeTakeFirst();
  if (!admin) throw new AppError('not_found', options.as ? `${options.as} is not an admin of ${options.org}.` : `The org ${options.org} has no admin.`, { field: options.as ? '--as' : '--org' });
  return { userId: admin.id, orgId: org.id, role: 'admin' };
}

/** A people command over the API of a running Pulse, or in this machine's database acting as an admin of --org. */
async function onOrg<T>(options: OrgOptions, overApi: (api: PulseApi) => Promise<T>, inDatabase: (db: Db, actor: OrgActor) => Promise<T>): Promise<T> {
  const config = loadConfig();
  return overApiOrDatabase(options, config, overApi, (org) => withStorage(config, async ({ db }) => inDatabase(db, await resolveAdmin(db, { ...options, org }))));
}

export function registerPeopleCommands(program: Command): void {
  const people = program.command('people').description('People and reporting lines of an org (CSV import and export).');
  people
    .command('import')
    .description('Import people and reporting lines from CSV: all rows or none (bad rows are listed by line).')
    .argument('<file>', 'CSV with the header name,email,role,level[,manager_email,dotted_line_manager_email,team,team_percent]')
    .option('--org <slug>', 'org slug or id (in the database of this machine)')
    .option('--as <email>', 'the admin to act as (default: the org\'s earliest admin)')
    .option('--url <url>', 'a running Pulse to import into instead (or PULSE_URL)')
    .option('--token <token>', 'an org admin\'s API token for --url (or PULSE_TOKEN)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: OrgOptions & { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new AppError('invalid_data', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { file });
      }
      const fileName = path.basename(file);
      const summary = await onOrg<ImportSummary>(
        options,
        (api) => api.request('POST', `/orgs/${api.org.id}/people/import`, { csv: text, fileName }),
        async (db, actor) => (await import('../../services/people/people-import.service.js')).importPeopleCsv(db, actor, text, fileName),
      );
      if (options.json) {
        printJson(summary);
        return;
      }
      process.stdout.write(`Imported ${file}: ${summary.created} new, ${summary.updated} updated, ${summary.teamsCreated} new teams.\n`);
      if (summary.violations.length > 0) {
        process.stdout.write(`\nThe org now breaks ${summary.violations.length} single-threaded rule(s) (see Org health):\n`);
        for (const violation of summary.violations) process.stdout.write(`  ${violation.rule}: ${violation.message}\n`);
      }
    });
  people
    .command('export')
    .description('Write everyone as CSV in the import format (to stdout, or --out FILE).')
    .option('--org <slug>', 'org slug or id (in the database of this machine)')
    .option('--url <url>', 'a running Pulse to export from instead (or PULSE_URL)')
    .option('--token <token>', 'an org admin\'s API token for --url (or PULSE_TOKEN)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: OrgOptions & { out?: string }) => {
      const csv = await onOrg(
        options,
        async (api) => (await api.request<{ csv: string }>('GET', `/orgs/${api.org.id}/people/export`)).csv,
        async (db, actor) => (await import('../../services/people/people-import.service.js')).exportPeopleCsv(db, actor),
      );
      if (options.out) writeFileSync(options.out, csv, 'utf8');
      else process.stdout.write(csv);
    });
}
