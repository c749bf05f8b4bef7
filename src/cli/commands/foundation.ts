import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { assertDataFolderFree, loadConfig, printJson, withStorage } from '../with-storage.js';

/** The built web app (web/dist in the Pulse folder). */
const WEB_ROOT = fileURLToPath(new URL('web/dist', PACKAGE_ROOT));

function signInText(url: string, login: { email: string; password: string }): string {
  return [`  Open     ${url}`, `  Email    ${login.email}`, `  Password ${login.password}`].join('\n');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('validation_failed', '--port must be a whole number from 0 to 65535.', { field: '--port' });
  return port;
}

/** serve, migrate and demo: running Pulse and its database. */
export function registerFoundationCommands(program: Command): void {
  program
    .command('serve')
    .description('Start Pulse (web app and API). Without DATABASE_URL it runs its own embedded PostgreSQL.')
    .option('--demo', 'create the demo org if it is missing and print how to sign in')
    .option('--port <port>', 'HTTP port (default: PULSE_PORT or 3000)')
    .action(async (options: { demo?: boolean; port?: string }) => {
      const config = loadConfig();
      if (options.port !== undefined) config.http.port = parsePort(options.port);
      // A second Pulse on the same data folder: say so, rather than fail to start its database.
      assertDataFolderFree(config);
      const { connectStorage } = await import('../../storage/connect.js');
      const { appDepsFrom, loadShippedPlaybooks, startHttpServer, wbrSourceLimits } = await import('../../server/serve.js');
      // Before the database starts, so a broken playbook stops Pulse with its file and line and nothing to clean up.
      loadShippedPlaybooks();
      const storage = await connectStorage(config.database);
      const log = (message: string) => {
        if (config.logLevel !== 'silent') process.stderr.write(`${message}\n`);
      };
      const { listenForChanges } = await import('../../storage/change-feed.js');
      const feed = await listenForChanges(storage.url, log);
      let deps = appDepsFrom(storage.db, config, log, feed);
      let started: Awaited<ReturnType<typeof startHttpServer>>;
      try {
        if (options.demo) {
          const { seedDemoOrg } = await import('../../services/demo/seed-demo-org.js');
          const { orgId } = await seedDemoOrg(storage.db, deps.accountSettings);
          // On the embedded database, the demo also gets a warehouse to query, unless an operator named databases.
          if (config.database.kind === 'embedded' && deps.wbrSources === null) {
            const { startDemoWarehouse } = await import('../../services/demo/demo-warehouse.js');
            const limits = wbrSourceLimits(config);
            const wbrSources = await startDemoWarehouse(storage.db, storage.url, orgId, limits).catch((error: unknown) => {
              if (error instanceof AppError) throw error;
              throw new AppError('internal', `Could not set up the demo's warehouse database: ${(error as Error).message}.`);
            });
            deps = { ...deps, wbrSources };
          }
        }
        started = await startHttpServer(deps, WEB_ROOT);
      } catch (error) {
        await feed.stop();
        await storage.close();
        if (error instanceof AppError) throw error;
        throw new AppError('validation_failed', `Could not listen on ${config.http.host}:${config.http.port} (${(error as Error).message}). Choose another port with PULSE_PORT or --port.`, { field: 'PULSE_PORT' });
      }
      const { startScheduledRefreshes } = await import('../../services/wbr/wbr-scheduled-refresh.service.js');
      const refreshes = startScheduledRefreshes(storage.db, () => deps.wbrSources, log);
      // Email goes out only when an SMTP server is configured; without one nothing is queued, so nothing waits.
      const [{ startOutboxSender }, { emailStatusLine }] = await Promise.all([import('../../services/mail/outbox-sender.js'), import('../../domain/mail/outbox-emails.js')]);
      const outbox = config.mail === null ? null : startOutboxSender(storage.db, config.mail, log);
      const url = started.port === config.http.port ? config.http.publicUrl : `http://localhost:${started.port}`;
      process.stdout.write(`Pulse is running on ${storage.description}.\n`);
      if (options.demo) {
        const { DEMO_LOGIN, DEMO_ORG_NAME } = await import('../../services/demo/seed-demo-org.js');
        process.stdout.write(`Demo org "${DEMO_ORG_NAME}" is ready. Sign in:\n${signInText(url, DEMO_LOGIN)}\n`);
      } else {
        process.stdout.write(`  Open     ${url}\n`);
      }
      process.stdout.write(`${emailStatusLine(config.mail)}\n`);
      process.stdout.write('Press Ctrl+C to stop.\n');
      const stop = async () => {
        // Stop taking requests and let in-flight ones finish before the database goes away.
        await new Promise((resolve) => started.server.close(resolve));
        await refreshes.stop();
        await outbox?.stop();
        await feed.stop();
        await storage.close();
        process.exit(0);
      };
      // Idle keep-alive connections would hold close() open; requests in progress still finish.
      const closeIdle = () => (started.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          closeIdle();
          void stop();
        });
      }
      // Keep the command running until a signal stops it.
      await new Promise<never>(() => undefined);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations (serve also does this at start).')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const { listAppliedMigrations } = await import('../../storage/database.js');
      const applied = await withStorage(config, (storage) => listAppliedMigrations(storage.db));
      if (options.json) printJson({ database: config.database.kind, applied });
      else process.stdout.write(`The database is up to date (${applied.length} migrations applied: ${applied.join(', ')}).\n`);
    });

  program
    .command('demo')
    .description('Create the demo org (once) and print how to sign in.')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const { seedDemoOrg, DEMO_LOGIN, DEMO_ORG_NAME } = await import('../../services/demo/seed-demo-org.js');
      const { accountSettingsFrom } = await import('../../server/serve.js');
      const result = await withStorage(config, (storage) => seedDemoOrg(storage.db, accountSettingsFrom(config)));
      if (options.json) {
        printJson({ org: { id: result.orgId, name: DEMO_ORG_NAME }, isNew: result.isNew, login: DEMO_LOGIN, url: config.http.publicUrl });
        return;
      }
      process.stdout.write(`${result.isNew ? 'Created' : 'Found'} the demo org "${DEMO_ORG_NAME}". Start Pulse with \`npx pulse serve\`, then sign in:\n`);
      process.stdout.write(`${signInText(config.http.publicUrl, DEMO_LOGIN)}\n`);
    });
}
