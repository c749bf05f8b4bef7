import type { Command } from 'commander';
import { loadConfig, printJson, withStorage } from '../with-storage.js';

/**
 * `pulse orgs list`: the orgs in this machine's database, for its operator: their ids are what a connections
 * file's `pulse_orgs` names (docs/wbr-sql.md), and an org's name or slug may be anyone's.
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
      for (const org of list) process.stdout.write(`${org.id}  ${org.slug}  ${org.name} (${org.members} member${org.members === 1 ? '' : 's'}, since ${org.createdAt.slice(0, 10)})\n`);
    });
}
