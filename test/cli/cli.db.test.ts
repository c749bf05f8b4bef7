import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { appDepsFrom } from '../../src/server/serve.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, testConfig, TEST_PASSWORD } from '../support/test-app.js';

const BIN = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));

function runPulse(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', PULSE_SCRYPT_LOG2N: '10', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url };
});
afterAll(async () => database.drop());

describe('pulse CLI (compiled, against a real database)', () => {
  it('migrate reports the applied migrations', async () => {
    const result = await runPulse(['migrate', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ database: 'server', applied: Object.keys(migrations) });
  });

  // These two seed the demo org from nothing through the CLI (the point of the test, so no template copy): 10-30 s on a
  // busy two-core machine, beside the browser lane.
  it('demo creates the demo org once and prints how to sign in', { timeout: 120_000 }, async () => {
    const first = await runPulse(['demo', '--json'], env);
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created).toMatchObject({ isNew: true, org: { name: 'Northwind Robotics' }, login: { email: 'demo@pulse.example' } });
    const second = JSON.parse((await runPulse(['demo', '--json'], env)).stdout);
    expect(second).toMatchObject({ isNew: false, org: { id: created.org.id } });
    const text = await runPulse(['demo'], env);
    expect(text.stdout).toMatch(/Email\s+demo@pulse\.example/);
    expect(text.stdout).toMatch(/Password\s+\S+/);
  });

  it('principles list reads an org from the database, as text and JSON', async () => {
    await runPulse(['demo'], env);
    const json = await runPulse(['principles', 'list', '--org', 'northwind-robotics', '--json'], env);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.org).toBe('Northwind Robotics');
    expect(body.principles[0]).toMatchObject({ title: 'Customer Obsession', version: 2 });
    expect(body.principles.some((p: { status: string }) => p.status === 'retired')).toBe(false);
    const withRetired = JSON.parse((await runPulse(['principles', 'list', '--org', 'northwind-robotics', '--include-retired', '--json'], env)).stdout);
    expect(withRetired.principles.some((p: { status: string }) => p.status === 'retired')).toBe(true);
    const text = await runPulse(['principles', 'list', '--org', 'northwind-robotics'], env);
    expect(text.stdout).toMatch(/^ 1\. Customer Obsession {2}\[v2\]$/m);
  });

  it('orgs list shows every org with the id a connections file names it by, as text and JSON', async () => {
    const created = JSON.parse((await runPulse(['demo', '--json'], env)).stdout);
    const json = await runPulse(['orgs', 'list', '--json'], env);
    expect(json.code).toBe(0);
    const demo = (JSON.parse(json.stdout) as { orgs: Array<{ id: string; slug: string; name: string; members: number }> }).orgs.find((org) => org.id === created.org.id);
    expect(demo).toMatchObject({ slug: 'northwind-robotics', name: 'Northwind Robotics' });
    expect(demo?.members).toBeGreaterThan(1);
    const text = await runPulse(['orgs', 'list'], env);
    expect(text.stdout).toMatch(new RegExp(`^${created.org.id}  northwind-robotics  Northwind Robotics \\(\\d+ members, since [A-Z][a-z]{2} \\d{1,2}, \\d{4}\\)$`, 'm'));
  });

  it('principles list over the API with a token', async () => {
    const deps = appDepsFrom(database.db, testConfig(), () => undefined);
    const app = createApp(deps);
    const client = new ApiClient(app);
    const signup = await client.post('/auth/signup', { email: 'cli@example.test', name: 'Cli', password: TEST_PASSWORD, orgName: 'Token Org' });
    const orgId = signup.body.memberships[0].org.id;
    const { token } = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'cli' })).body;
    const server: ServerType = await new Promise((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const result = await runPulse(['principles', 'list', '--json'], { PULSE_URL: `http://127.0.0.1:${port}`, PULSE_TOKEN: token });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ org: 'Token Org', principles: expect.arrayContaining([expect.objectContaining({ title: 'Deliver Results' })]) });
      const badToken = await runPulse(['principles', 'list'], { PULSE_URL: `http://127.0.0.1:${port}`, PULSE_TOKEN: 'pulse_wrong' });
      expect(badToken.code).toBe(1);
      expect(badToken.stderr).toMatch(/API token is not valid/);
    } finally {
      server.close();
    }
  });

  it('principles list over the API checks --org against the token, keeps a base path, and names what is missing or wrong', async () => {
    const deps = appDepsFrom(database.db, testConfig(), () => undefined);
    const app = createApp(deps);
    const client = new ApiClient(app);
    const signup = await client.post('/auth/signup', { email: 'cli-org@example.test', name: 'Cli', password: TEST_PASSWORD, orgName: 'Token Org Two' });
    const org = signup.body.memberships[0].org as { id: string; slug: string };
    const { token } = (await client.post(`/orgs/${org.id}/api-tokens`, { name: 'cli' })).body;
    // Pulse behind a proxy under /pulse/: only that path reaches it.
    const proxied = (request: Request): Response | Promise<Response> => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/pulse/')) return new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } });
      url.pathname = url.pathname.slice('/pulse'.length);
      return app.fetch(new Request(url, request));
    };
    const server: ServerType = await new Promise((resolve) => {
      const started = serve({ fetch: proxied, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    try {
      const address = server.address();
      const host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      for (const base of [`${host}/pulse/`, `${host}/pulse`]) {
        const listed = await runPulse(['principles', 'list', '--json', '--url', base, '--token', token], {});
        expect(listed.code, listed.stderr).toBe(0);
        expect(JSON.parse(listed.stdout)).toMatchObject({ org: 'Token Org Two' });
      }
      const env = { PULSE_URL: `${host}/pulse/`, PULSE_TOKEN: token };
      const matching = await runPulse(['principles', 'list', '--org', org.slug, '--json'], env);
      expect(matching.code).toBe(0);
      expect(JSON.parse(matching.stdout)).toMatchObject({ org: 'Token Org Two' });
      const other = await runPulse(['principles', 'list', '--org', 'northwind-robotics'], env);
      expect(other.code).toBe(1);
      expect(other.stdout).toBe('');
      expect(other.stderr).toBe(`pulse: --org: --org northwind-robotics is not the token's org: the token belongs to the org ${org.slug} (Token Org Two). Leave out --org, or use a token of northwind-robotics.\n`);

      // An address that is not Pulse's API: the user's URL to fix, exit 1, not an internal failure.
      const notPulse = await runPulse(['principles', 'list', '--url', host, '--token', token], {});
      expect(notPulse.code).toBe(1);
      expect(notPulse.stderr).toBe(`pulse: --url: ${host} did not answer like Pulse (HTTP 404): it is not a Pulse server with its API at /api/v1. Check --url (or PULSE_URL): give the address you open Pulse at.\n`);

      const noToken = await runPulse(['principles', 'list', '--url', `${host}/pulse/`], {});
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toMatch(/^pulse: --token: --url \S+ needs an API token: give --token TOKEN or set PULSE_TOKEN/);
      const noUrl = await runPulse(['principles', 'list', '--token', token], {});
      expect(noUrl.code).toBe(1);
      expect(noUrl.stderr).toMatch(/^pulse: --url: --token needs the address of a running Pulse/);
    } finally {
      server.close();
    }
  });

  it('explains a missing org, an unknown org, and wrong usage with the right exit codes', async () => {
    const missing = await runPulse(['principles', 'list'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--org/);
    const unknown = await runPulse(['principles', 'list', '--org', 'no-such-org'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No org "no-such-org"/);
    const usage = await runPulse(['principles', 'lisst'], env);
    expect(usage.code).toBe(2);
    const badConfig = await runPulse(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/DATABASE_URL must start with postgres/);
    expect(badConfig.stderr).not.toMatch(/\n\s+at /);
  });

  it('orgs export and import move the demo org to another database, compressed, and refuse a broken file by line', { timeout: 120_000 }, async () => {
    const demo = JSON.parse((await runPulse(['demo', '--json'], env)).stdout);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'pulse-org-export-'));
    const other = await createTestDatabase();
    try {
      const file = path.join(folder, 'northwind.json.gz');
      const exported = await runPulse(['orgs', 'export', 'northwind-robotics', '--out', file, '--json'], env);
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout)).toMatchObject({ org: { id: demo.org.id, slug: 'northwind-robotics' }, file });
      expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(existsSync(`${file}.partial`)).toBe(false);
      // Password hashes and confidential records: readable by its owner only.
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const imported = await runPulse(['orgs', 'import', file], { DATABASE_URL: other.url });
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(new RegExp(`^Imported Northwind Robotics \\(northwind-robotics, id ${demo.org.id}\\): \\d+ rows; \\d+ new accounts, 0 people already had one here`));
      const again = await runPulse(['orgs', 'import', file], { DATABASE_URL: other.url });
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already has this org/);

      const plain = path.join(folder, 'northwind.json');
      expect((await runPulse(['orgs', 'export', demo.org.id, '--out', plain], env)).code).toBe(0);
      const lines = readFileSync(plain, 'utf8').split('\n');
      const broken = lines.findIndex((line) => line.includes('"org_id"'));
      lines[broken] = lines[broken]!.replace('{', '{{');
      writeFileSync(plain, lines.join('\n'));
      const refused = await runPulse(['orgs', 'import', plain], { DATABASE_URL: other.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(`pulse: ${plain}:${broken + 1}:8: The file is not valid JSON: a key in double quotes expected, found "{".\n`);
      // A row's line copied below itself is still JSON: the refusal names the copy's line.
      lines[broken] = lines[broken]!.replace('{{', '{');
      const entry = lines.findIndex((line) => line.includes('"action":"member.joined"') && line.endsWith(','));
      lines.splice(entry + 1, 0, lines[entry]!);
      writeFileSync(plain, lines.join('\n'));
      const doubled = await runPulse(['orgs', 'import', plain], { DATABASE_URL: other.url });
      expect(doubled.code).toBe(1);
      expect(doubled.stderr.startsWith(`pulse: ${plain}:${entry + 2}: tables.audit_events[`), doubled.stderr).toBe(true);
      expect(doubled.stderr).toMatch(/repeats tables\.audit_events\[\d+\] \(the same id: \d+\): a row is in the file twice/);

      expect((await runPulse(['orgs', 'export', 'no-such-org', '--out', plain], env)).stderr).toMatch(/No org "no-such-org"/);
      expect((await runPulse(['orgs', 'export', 'northwind-robotics'], env)).code).toBe(2);
    } finally {
      await other.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  // It starts its own embedded database, whichever project runs the file: registered once, in the embedded project's
  // run, since the server project's run would only repeat it (and CI runs both).
  if (process.env.PULSE_TEST_DB !== 'server') it('refuses to open a data folder that pulse serve is using, saying to stop it first (exit 1)', { timeout: 120_000 }, async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'pulse-busy-'));
    // Run as root, Pulse runs PostgreSQL as `postgres`, which must reach the folder.
    chmodSync(folder, 0o755);
    const dataEnv = { PULSE_DATA_DIR: path.join(folder, 'data'), PULSE_LOG_LEVEL: 'silent' };
    const server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { PATH: process.env.PATH ?? '', PULSE_SCRYPT_LOG2N: '10', ...dataEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Press Ctrl+C')) resolve();
        });
        void exited.then((code) => reject(new Error(`pulse serve ended (${code}) before it started: ${output}`)));
      });
      const busy = /^pulse: The data folder \S+ is in use by a running Pulse \(its database, process \d+\); only one program can open it at a time\. Stop `pulse serve` first \(Ctrl\+C\), then run this command again/;
      const exported = await runPulse(['orgs', 'export', 'any-org', '--out', path.join(folder, 'org.json')], dataEnv);
      expect(exported.code).toBe(1);
      expect(exported.stderr).toMatch(busy);
      const listed = await runPulse(['orgs', 'list'], dataEnv);
      expect(listed.code).toBe(1);
      expect(listed.stderr).toMatch(busy);
      const second = await runPulse(['serve', '--port', '0'], dataEnv);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(busy);
    } finally {
      server.kill('SIGINT');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
