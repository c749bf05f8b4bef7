import type { Command } from 'commander';
import type { ImportOrgSummary } from '../../services/org-transfer/import-org.service.js';
import { formatDay } from '../../domain/dates.js';
import { findOrg } from '../find-org.js';
import { packageVersion } from '../package-root.js';
import { loadConfig, printJson, withStorage } from '../with-storage.js';

/**
 * `pulse orgs list`: the orgs in this machine's database, for its operator: their ids are what a connections
 * file's `pulse_orgs` names (docs/wbr-sql.md), and an org's name or slug may be anyone's.
 * `pulse orgs export` and `pulse orgs import`: one org, whole, to a file and from it (docs/org-export.md).
 */
export function registerOrgsCommands(program: Command): void {
  const orgs = program.command('orgs').description('The orgs in this machine\'s database (for its operator).');
  orgs
    .command('list')
    .description('List every org: id, slug, name, members and when it was created.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const rows = await withStorage(config, ({ db }) =>
        db
          .selectFrom('orgs')
          .leftJoin('memberships', 'memberships.org_id', 'orgs.id')
          .select((eb) => ['orgs.id', 'orgs.slug', 'orgs.name', 'orgs.created_at', eb.fn.count<string>('memberships.user_id').as('members')])
          .groupBy(['orgs.id', 'orgs.slug', 'orgs.name', 'orgs.created_at'])
          .orderBy('orgs.created_at')
          .execute(),
      );
      const list = rows.map((row) => ({ id: row.id, slug: row.slug, name: row.name, members: Number(row.members), createdAt: new Date(row.created_at).toISOString() }));
      if (options.json) {
        printJson({ orgs: list });
        return;
      }
      if (list.length === 0) {
        process.stdout.write('No orgs yet.\n');
        return;
      }
      for (const org of list) process.stdout.write(`${org.id}  ${org.slug}  ${org.name} (${org.members} member${org.members === 1 ? '' : 's'}, since ${formatDay(new Date(org.createdAt))})\n`);
    });

  orgs
    .command('export')
    .description('Write one org, whole (every row, and the users they name), to a file that pulse orgs import reads.')
    .argument('<org>', 'the org\'s slug or id')
    .requiredOption('--out <file>', 'the export file (.json, or .json.gz to compress it)')
    .option('--json', 'print a JSON summary')
    .action(async (orgRef: string, options: { out: string; json?: boolean }) => {
      const config = loadConfig();
      const { exportOrg } = await import('../../services/org-transfer/export-org.service.js');
      const { formatOrgExport } = await import('../../domain/org-transfer/org-export.js');
      const exported = await withStorage(config, async ({ db }) => exportOrg(db, (await findOrg(db, orgRef, '<org>')).id, packageVersion()));
      const { writeExportFile } = await import('../org-export-file.js');
      await writeExportFile(options.out, formatOrgExport(exported));
      const rows = Object.fromEntries(Object.entries(exported.tables).map(([table, tableRows]) => [table, tableRows.length]));
      const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
      if (options.json) {
        printJson({ org: { id: exported.org.id, slug: exported.org.slug, name: exported.org.name }, file: options.out, users: exported.users.length, rows });
        return;
      }
      process.stdout.write(`Exported ${exported.org.name} (${exported.org.slug}) to ${options.out}: ${total} rows in ${Object.values(rows).filter((count) => count > 0).length} tables, ${exported.users.length} users.\n`);
    });
  orgs
    .command('import')
    .description('Create an org from a file of pulse orgs export, all or nothing; people with an account here keep it (matched by email).')
    .argument('<file>', 'the export file (.json or .json.gz)')
    .option('--slug <slug>', 'the org\'s slug here, when the exported one is taken')
    .option('--name <name>', 'the org\'s name here, instead of the exported one')
    .option('--link-accounts', 'give people who already have an account here (same email) the org\'s memberships and records')
    .option('--json', 'print a JSON summary')
    .action(async (file: string, options: { slug?: string; name?: string; linkAccounts?: boolean; json?: boolean }) => {
      const { parseOrgExport, withExportLine } = await import('../../domain/org-transfer/org-export.js');
      const { readExportFile } = await import('../org-export-file.js');
      const text = readExportFile(file);
      const { importOrg } = await import('../../services/org-transfer/import-org.service.js');
      let summary: ImportOrgSummary;
      try {
        const exported = parseOrgExport(text, file);
        const config = loadConfig();
        summary = await withStorage(config, ({ db }) => importOrg(db, exported, { file, slug: options.slug, name: options.name, linkExistingAccounts: options.linkAccounts }));
      } catch (error) {
        // A refused row is named by its place (tables.people[3]); its line lets the operator open the file there.
        throw withExportLine(error, text, file);
      }
      if (options.json) {
        printJson(summary);
        return;
      }
      const total = Object.values(summary.rows).reduce((sum, count) => sum + count, 0);
      process.stdout.write(`Imported ${summary.org.name} (${summary.org.slug}, id ${summary.org.id}): ${total} rows; ${summary.users.created} new accounts, ${summary.users.matched} people already had one here (matched by email).\n`);
      if (summary.users.matchedEmails.length > 0) process.stdout.write(`Linked to their accounts here: ${summary.users.matchedEmails.join(', ')}.\n`);
      const behind = Object.entries(summary.leftBehind).map(([table, count]) => `${count} ${table.replace('_', ' ')}`);
      if (behind.length > 0) process.stdout.write(`Left behind (made again on this installation): ${behind.join(', ')}.\n`);
    });
}
