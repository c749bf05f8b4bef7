// node:fs, not node:fs/promises: every CLI run loads this module, and fs is loaded anyway.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { OrgActor } from '../../services/context.js';
import type { ImportSummary } from '../../services/people/people-import.service.js';
import type { Db } from '../../storage/database.js';
import { cannotWrite } from '../cannot-read.js';
import { EXIT_BAD_INPUT } from '../exit-codes.js';
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

interface BadRow {
  line: number;
  field: string;
  message: string;
}

/**
 * The bad rows of a refused import (the service's, or the server's `data.errors`: the first ones, by line) and how many
 * problems it found in all (`data.total`, when it lists fewer than it found); undefined for any other error.
 */
function badRows(error: unknown): { rows: BadRow[]; total: number } | undefined {
  if (!(error instanceof AppError) || error.code !== 'invalid_data') return undefined;
  const errors = error.details.data?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const rows = errors.filter((row): row is BadRow => typeof row === 'object' && row !== null && typeof (row as BadRow).line === 'number' && typeof (row as BadRow).message === 'string');
  if (rows.length !== errors.length) return undefined;
  const total = error.details.data?.total;
  return { rows, total: typeof total === 'number' && total > rows.length ? total : rows.length };
}

/**
 * Every bad row listed, by line: one `pulse: FILE:LINE: field message` line each on stderr, then how many problems there
 * are in all (more than listed when the import found more than it lists), or all of it as JSON on stdout.
 */
function reportBadRows(file: string, bad: { rows: readonly BadRow[]; total: number }, json: boolean): void {
  const { rows, total } = bad;
  if (json) {
    printJson({ file, imported: false, total, errors: rows.map((row) => ({ line: row.line, field: row.field, message: row.message })) });
    return;
  }
  for (const row of rows) process.stderr.write(`pulse: ${file}:${row.line}: ${row.field} ${row.message}\n`);
  const unlisted = total > rows.length ? ` (the first ${rows.length} listed above)` : '';
  process.stderr.write(`pulse: ${file}: ${total} problem${total === 1 ? '' : 's'}${unlisted}; nothing was imported. Fix ${total === 1 ? 'it' : 'them'} and run the import again.\n`);
}

export function registerPeopleCommands(program: Command): void {
  const people = program.command('people').description('People and reporting lines of an org (CSV import and export).');
  people
    .command('import')
    .description('Import people and reporting lines from CSV: all rows or none (bad rows are listed by line).')
    .argument('<file>', 'CSV with the header name,email,role,level[,manager_email,dotted_line_manager_email,team,team_percent]')
    .option('--org <slug>', 'org slug or id (in the database of this machine; with --url, it must be the token\'s org)')
    .option('--as <email>', 'the admin to act as (default: the org\'s earliest admin)')
    .option('--url <url>', 'a running Pulse to import into instead (or PULSE_URL)')
    .option('--token <token>', 'an org admin\'s API token for --url (or PULSE_TOKEN)')
    .option('--json', 'print JSON (the bad rows too, on stdout)')
    .action(async (file: string, options: OrgOptions & { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        // The location (the file) comes first in the message already: `pulse: people.csv: No such file.`
        const code = (error as NodeJS.ErrnoException).code;
        throw new AppError('not_found', code === 'ENOENT' ? 'No such file.' : code === 'EISDIR' ? 'This is a folder, not a file.' : `Cannot read it: ${(error as Error).message}.`, { file });
      }
      const fileName = path.basename(file);
      let summary: ImportSummary;
      try {
        summary = await onOrg<ImportSummary>(
          options,
          (api) => api.request('POST', `/orgs/${api.org.id}/people/import`, { csv: text, fileName }),
          async (db, actor) => (await import('../../services/people/people-import.service.js')).importPeopleCsv(db, actor, text, fileName),
        );
      } catch (error) {
        const bad = badRows(error);
        if (bad === undefined) throw error;
        reportBadRows(file, bad, options.json === true);
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
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
    .option('--org <slug>', 'org slug or id (in the database of this machine; with --url, it must be the token\'s org)')
    .option('--url <url>', 'a running Pulse to export from instead (or PULSE_URL)')
    .option('--token <token>', 'an org admin\'s API token for --url (or PULSE_TOKEN)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: OrgOptions & { out?: string }) => {
      const csv = await onOrg(
        options,
        async (api) => (await api.request<{ csv: string }>('GET', `/orgs/${api.org.id}/people/export`)).csv,
        async (db, actor) => (await import('../../services/people/people-import.service.js')).exportPeopleCsv(db, actor),
      );
      if (options.out) {
        try {
          writeFileSync(options.out, csv, 'utf8');
        } catch (error) {
          throw cannotWrite(options.out, '--out', error);
        }
      }
      else process.stdout.write(csv);
    });
}
