// node:fs, not node:fs/promises: every CLI run loads this module, and fs is loaded anyway.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { OrgActor } from '../../services/context.js';
import type { Db } from '../../storage/database.js';
import { loadConfig, printJson, withStorage } from '../with-storage.js';

interface OrgOptions {
  org: string;
  as?: string;
}

/**
 * The operator on the host acts as an admin of the org: the one named by --as, or else the org's
 * earliest admin, so the audit log names a real person for the import.
 */
async function resolveAdmin(db: Db, options: OrgOptions): Promise<OrgActor> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(options.org);
  const org = await db.selectFrom('orgs').select(['id']).where(isUuid ? 'id' : 'slug', '=', options.org).executeTakeFirst();
  if (!org) throw new AppError('not_found', `No org "${options.org}" in this database.`, { field: '--org' });
  let query = db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.id').where('memberships.org_id', '=', org.id).where('memberships.role', '=', 'admin').orderBy('memberships.created_at');
  if (options.as) query = query.where((eb) => eb(eb.fn('lower', ['users.email']), '=', options.as!.toLowerCase()));
  const admin = await query.executeTakeFirst();
  if (!admin) throw new AppError('not_found', options.as ? `${options.as} is not an admin of ${options.org}.` : `The org ${options.org} has no admin.`, { field: options.as ? '--as' : '--org' });
  return { userId: admin.id, orgId: org.id, role: 'admin' };
}

export function registerPeopleCommands(program: Command): void {
  const people = program.command('people').description('People and reporting lines of an org (CSV import and export).');
  people
    .command('import')
    .description('Import people and reporting lines from CSV: all rows or none (bad rows are listed by line).')
    .argument('<file>', 'CSV with the header name,email,role,level[,manager_email,dotted_line_manager_email,team,team_percent]')
    .requiredOption('--org <slug>', 'org slug or id (in the database of this machine)')
    .option('--as <email>', 'the admin to act as (default: the org\'s earliest admin)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: OrgOptions & { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new AppError('invalid_data', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { file });
      }
      const { importPeopleCsv } = await import('../../services/people/people-import.service.js');
      const summary = await withStorage(loadConfig(), async ({ db }) => importPeopleCsv(db, await resolveAdmin(db, options), text, path.basename(file)));
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
    .requiredOption('--org <slug>', 'org slug or id (in the database of this machine)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: OrgOptions & { out?: string }) => {
      const { exportPeopleCsv } = await import('../../services/people/people-import.service.js');
      const csv = await withStorage(loadConfig(), async ({ db }) => exportPeopleCsv(db, await resolveAdmin(db, options)));
      if (options.out) writeFileSync(options.out, csv, 'utf8');
      else process.stdout.write(csv);
    });
}
