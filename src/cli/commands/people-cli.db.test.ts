import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, inviteClient, signUpClient } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

// The compiled CLI (`npm run build` first, as `npm test` does), against a real database.
const BIN = fileURLToPath(new URL('../../../bin/pulse.js', import.meta.url));

function runPulse(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let database: TestDatabase;
let slug: string;
let orgId: string;
const dir = mkdtempSync(path.join(tmpdir(), 'pulse-people-cli-'));

beforeAll(async () => {
  database = await createTestDatabase();
  const { app } = createTestApp(database.db);
  const signed = await signUpClient(app, { orgName: `People CLI ${Math.random().toString(36).slice(2, 7)}` });
  orgId = signed.orgId;
  slug = (await database.db.selectFrom('orgs').select('slug').where('id', '=', orgId).executeTakeFirstOrThrow()).slug;
});
afterAll(async () => database.drop());

describe('pulse people import / export', () => {
  it('refuses a file with bad rows, naming each line, and imports nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'name,email,role,level,manager_email\nAna,ana@example.test,CEO,10,\nBen,not-an-email,Engineer,5,ana@example.test\nCy,cy@example.test,Engineer,99,ghost@example.test\n');
    const result = await runPulse(['people', 'import', file, '--org', slug], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    // Every bad row, one a line, the location once.
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`pulse: ${file}:3: email "not-an-email" is not an email address`);
    expect(lines[1]).toMatch(new RegExp(`^pulse: ${file}:4: level `));
    expect(lines.at(-1)).toBe(`pulse: ${file}: 2 problems; nothing was imported. Fix them and run the import again.`);
    expect(lines).toHaveLength(3);
    expect(result.stderr).not.toMatch(/more problem/);
    expect(result.stderr).not.toMatch(/bad\.csv:\d+: .*bad\.csv:\d+/);
    // More problems than a refusal lists: the count says how many there are in all, not how many were listed.
    const many = path.join(dir, 'many.csv');
    writeFileSync(many, `name,email,role,level\n${Array.from({ length: 130 }, (_, index) => `P${index},not-an-email-${index},Engineer,5`).join('\n')}\n`);
    const manyResult = await runPulse(['people', 'import', many, '--org', slug], { DATABASE_URL: database.url });
    const manyLines = manyResult.stderr.trim().split('\n');
    expect(manyLines).toHaveLength(101);
    expect(manyLines.at(-1)).toBe(`pulse: ${many}: 130 problems (the first 100 listed above); nothing was imported. Fix them and run the import again.`);
    const manyJson = JSON.parse((await runPulse(['people', 'import', many, '--org', slug, '--json'], { DATABASE_URL: database.url })).stdout) as { total: number; errors: unknown[] };
    expect(manyJson).toMatchObject({ total: 130 });
    expect(manyJson.errors).toHaveLength(100);
    const missing = await runPulse(['people', 'import', path.join(dir, 'missing.csv'), '--org', slug], { DATABASE_URL: database.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`pulse: ${path.join(dir, 'missing.csv')}: No such file.\n`);
    const json = await runPulse(['people', 'import', file, '--org', slug, '--json'], { DATABASE_URL: database.url });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    const body = JSON.parse(json.stdout) as { file: string; imported: boolean; errors: Array<{ line: number; field: string; message: string }> };
    expect(body).toMatchObject({ file, imported: false });
    expect(body.errors.map((error) => error.line)).toEqual([3, 4]);
    expect(body.errors[0]).toEqual({ line: 3, field: 'email', message: '"not-an-email" is not an email address' });
    const count = await database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('imports a good file (duplicates refused first) and exports the same people back', async () => {
    const file = path.join(dir, 'good.csv');
    writeFileSync(file, 'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent\nAna Chief,ana@example.test,CEO,10,,,,\nBen Vee,ben@example.test,VP,9,ana@example.test,,Platform,60\nCy Dev,cy@example.test,Engineer,5,ben@example.test,,Platform,50\nCy Dev again,cy@example.test,Engineer,5,ben@example.test,,,\n');
    const duplicate = await runPulse(['people', 'import', file, '--org', slug], { DATABASE_URL: database.url });
    expect(duplicate.stderr).toContain('good.csv:5: email "cy@example.test" is already on line 4');
    writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, 4).join('\n') + '\n');
    const imported = await runPulse(['people', 'import', file, '--org', slug, '--json'], { DATABASE_URL: database.url });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 3, updated: 0, teamsCreated: 1, violations: [] });
    const exported = await runPulse(['people', 'export', '--org', slug], { DATABASE_URL: database.url });
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n')).toEqual([
      'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent',
      'Ana Chief,ana@example.test,CEO,10,,,,',
      'Ben Vee,ben@example.test,VP,9,ana@example.test,,Platform,60',
      'Cy Dev,cy@example.test,Engineer,5,ben@example.test,,Platform,50',
    ]);
  });
});

describe('pulse people over the API of a running Pulse', () => {
  it('imports and exports with an admin\'s token, reports bad rows by line, and refuses a member\'s token', async () => {
    const { app } = createTestApp(database.db);
    const admin = await signUpClient(app, { orgName: `People API ${Math.random().toString(36).slice(2, 7)}` });
    const adminToken: string = (await admin.client.post(`/orgs/${admin.orgId}/api-tokens`, { name: 'cli' })).body.token;
    const member = await inviteClient(app, admin.client, admin.orgId, 'member');
    const memberToken: string = (await member.client.post(`/orgs/${admin.orgId}/api-tokens`, { name: 'cli' })).body.token;
    const server: ServerType = await new Promise((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    try {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const bad = path.join(dir, 'remote-bad.csv');
      writeFileSync(bad, 'name,email,role,level,manager_email\nAna,ana@example.test,CEO,10,\nBen,not-an-email,Engineer,5,ana@example.test\nCy,cy@example.test,Engineer,99,ana@example.test\nDi,di@example.test,Engineer,,ana@example.test\n');
      const refused = await runPulse(['people', 'import', bad, '--url', url, '--token', adminToken], {});
      expect(refused.code).toBe(1);
      // The server's whole list (data.errors), not its first error alone.
      const lines = refused.stderr.trim().split('\n');
      expect(lines[0]).toBe(`pulse: ${bad}:3: email "not-an-email" is not an email address`);
      expect(lines.slice(0, -1).map((line) => line.match(/\.csv:(\d+):/)?.[1])).toEqual(['3', '4', '5']);
      expect(lines.at(-1)).toBe(`pulse: ${bad}: 3 problems; nothing was imported. Fix them and run the import again.`);
      const refusedJson = await runPulse(['people', 'import', bad, '--json'], { PULSE_URL: url, PULSE_TOKEN: adminToken });
      expect(refusedJson.code).toBe(1);
      expect((JSON.parse(refusedJson.stdout) as { errors: Array<{ line: number }> }).errors.map((error) => error.line)).toEqual([3, 4, 5]);

      const good = path.join(dir, 'remote-good.csv');
      writeFileSync(good, 'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent\nAna Chief,ana@example.test,CEO,10,,,,\nBen Vee,ben@example.test,VP,9,ana@example.test,,Platform,60\n');
      const imported = await runPulse(['people', 'import', good, '--json'], { PULSE_URL: url, PULSE_TOKEN: adminToken });
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ created: 2, updated: 0, teamsCreated: 1, violations: [] });
      const out = path.join(dir, 'remote-export.csv');
      const exported = await runPulse(['people', 'export', '--url', url, '--token', adminToken, '--out', out], {});
      expect(exported.code).toBe(0);
      expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
        'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent',
        'Ana Chief,ana@example.test,CEO,10,,,,',
        'Ben Vee,ben@example.test,VP,9,ana@example.test,,Platform,60',
      ]);

      const notAdmin = await runPulse(['people', 'import', good, '--url', url, '--token', memberToken], {});
      expect(notAdmin.code).toBe(1);
      expect(notAdmin.stderr).toMatch(/^pulse: Your role \(member\) does not allow this/m);
      const unknown = await runPulse(['people', 'export', '--url', url, '--token', 'pulse_wrong'], {});
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/^pulse: --token: .*API token is not valid/m);
      const nobody = await runPulse(['people', 'export', '--url', 'http://127.0.0.1:9', '--token', adminToken], {});
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toContain('pulse: --url: Could not reach Pulse at http://127.0.0.1:9');
      const noOrg = await runPulse(['people', 'export'], { DATABASE_URL: database.url });
      expect(noOrg.code).toBe(1);
      expect(noOrg.stderr).toContain('pulse: --org: Name the org with --org SLUG');
    } finally {
      server.close();
    }
  });
});
