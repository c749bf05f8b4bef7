import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { findJsonSyntaxProblem } from './json-syntax.js';
import { AppError } from '../errors.js';
import { checkExportKeys, checkExportReferences, checkExportSchema, formatOrgExport, isStoredPasswordHash, lineOfExportField, movesWithOrg, parseOrgExport, tableFillOrder, withExportLine, type OrgExport } from './org-export.js';

const ORG_ID = '6f1c2a8e-0b7d-4c55-9a43-2d5e8f7a1b90';
const USER_ID = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const HASH = `scrypt$131072$8$1$${'s'.repeat(22)}$${'k'.repeat(43)}`;

function sample(): OrgExport {
  return {
    format: 'pulse-org-export',
    version: 1,
    exportedAt: '2026-11-26T10:00:00.000Z',
    pulseVersion: '0.1.0',
    migrations: ['m1', 'm2'],
    org: { id: ORG_ID, name: 'Acme', slug: 'acme', created_at: '2026-01-01T00:00:00+00:00' },
    users: [{ id: USER_ID, email: 'ada@acme.test', name: 'Ada', password_hash: HASH, created_at: '2026-01-01T00:00:00+00:00' }],
    tables: {
      people: [
        { id: 'a', org_id: ORG_ID, name: 'Ada "the boss"\nLovelace', manager_id: null },
        { id: 'b', org_id: ORG_ID, name: 'Bo', manager_id: 'a' },
      ],
      teams: [],
    },
  };
}

const text = (value: OrgExport): string => [...formatOrgExport(value)].join('');
const refusal = (source: string) => appErrorOf(() => parseOrgExport(source, 'org.json'));

describe('the org export file', () => {
  it('reads back what it writes, with one row per line', () => {
    const written = text(sample());
    expect(parseOrgExport(written, 'org.json')).toEqual(sample());
    const lines = written.split('\n');
    expect(lines.filter((line) => line.includes('"org_id"'))).toHaveLength(2);
    expect(lines.find((line) => line.includes('"Bo"'))).toBe(`      {"id":"b","org_id":"${ORG_ID}","name":"Bo","manager_id":"a"},`.slice(0, -1));
    expect(parseOrgExport(text({ ...sample(), tables: {}, users: [] }), 'org.json')).toEqual({ ...sample(), tables: {}, users: [] });
  });

  it('names the line and column where a file stops being JSON', () => {
    const lines = text(sample()).split('\n');
    const people = lines.findIndex((line) => line.includes('"Bo"'));
    lines[people] = lines[people]!.replace('"name":', '"name"');
    const error = refusal(lines.join('\n'));
    expect(error.code).toBe('invalid_data');
    expect(error.details).toMatchObject({ file: 'org.json', line: people + 1 });
    expect(error.message).toMatch(/not valid JSON: ":" expected, found "\\""/);
    const cut = refusal(text(sample()).slice(0, 200));
    expect(cut.message).toMatch(/the file ends where .* should follow \(is it cut short\?\)/);
  });

  it('refuses what is not an export, or a newer format, by field', () => {
    expect(refusal('{"rows": []}').message).toMatch(/not a Pulse org export/);
    expect(refusal('[1, 2]').details.field).toBe('format');
    expect(refusal(text({ ...sample(), version: 2 })).message).toMatch(/^version is 2: .*newer Pulse.*reads format 1/);
    const noSlug = sample() as unknown as { org: Record<string, unknown> };
    noSlug.org.slug = '';
    expect(refusal(JSON.stringify(noSlug)).details.field).toBe('org.slug');
    const badUser = sample();
    badUser.users.push({ ...badUser.users[0]! });
    expect(refusal(JSON.stringify(badUser)).message).toBe(`users[1].id repeats the id of an earlier user (${USER_ID}).`);
    expect(refusal(JSON.stringify({ ...sample(), tables: { people: {} } })).details.field).toBe('tables.people');
  });

  it('refuses a row that is in the file twice (a duplicated line), naming the row and its line', () => {
    const lines = text(sample()).split('\n');
    const bo = lines.findIndex((line) => line.includes('"Bo"'));
    // The first row's line, copied below itself: still JSON, one row twice.
    const ada = bo - 1;
    lines.splice(ada + 1, 0, lines[ada] as string);
    const doubled = lines.join('\n');
    const exported = parseOrgExport(doubled, 'org.json');
    const keys = new Map([['people', ['id']], ['teams', ['id']]]);
    const error = appErrorOf(() => checkExportKeys(exported, keys, 'org.json'));
    expect(error.message).toBe('tables.people[1] repeats tables.people[0] (the same id: "a"): a row is in the file twice. Nothing was imported.');
    expect(error.details).toEqual({ file: 'org.json', field: 'tables.people[1]' });
    const located = withExportLine(error, doubled, 'org.json') as AppError;
    expect(located.details.line).toBe(ada + 2);
    expect(located.location).toBe(`org.json:${ada + 2}`);
    expect(() => checkExportKeys(sample(), keys, 'org.json')).not.toThrow();
  });

  it('finds the line of a row or header key it names, only in a file laid out one row per line', () => {
    const written = text(sample());
    const lines = written.split('\n');
    expect(lines[(lineOfExportField(written, 'tables.people[1].manager_id') as number) - 1]).toContain('"Bo"');
    expect(lines[(lineOfExportField(written, 'users[0].password_hash') as number) - 1]).toContain('"ada@acme.test"');
    expect(lineOfExportField(written, 'tables.people[2]')).toBeUndefined();
    expect(lineOfExportField(written, 'tables.teams[0]')).toBeUndefined();
    expect(lines[(lineOfExportField(written, 'org.slug') as number) - 1]).toMatch(/^ {2}"org": \{"id"/);
    expect(lines[(lineOfExportField(written, 'migrations[1]') as number) - 1]).toBe('  "migrations": ["m1","m2"],');
    expect(lineOfExportField(written, 'tables.people')).toBeUndefined();
    expect(lineOfExportField(written, '--slug')).toBeUndefined();
    // Reformatted (JSON.stringify with indentation): lines no longer hold rows, so no line is named.
    const reformatted = JSON.stringify(sample(), null, 2);
    expect(lineOfExportField(reformatted, 'tables.people[1]')).toBeUndefined();
    // Errors of other files, or without a row, pass through unchanged.
    const other = new AppError('invalid_data', 'x', { file: 'other.json', field: 'tables.people[1]' });
    expect(withExportLine(other, written, 'org.json')).toBe(other);
  });

  it('refuses a row of another org', () => {
    const other = sample();
    other.tables.people![1]!.org_id = '11111111-2222-4333-8444-555555555555';
    const error = refusal(JSON.stringify(other));
    expect(error.details.field).toBe('tables.people[1].org_id');
    expect(error.message).toMatch(/must be the org's id/);
  });

  it('keeps every link inside the file: to rows of its own tables and to the users it lists', () => {
    const references = [
      { table: 'people', column: 'manager_id', references: 'people' },
      { table: 'people', column: 'user_id', references: 'users' },
      { table: 'people', column: 'org_id', references: 'orgs' },
    ];
    expect(() => checkExportReferences(sample(), references, 'f')).not.toThrow();
    const elsewhere = sample();
    elsewhere.tables.people![1]!.manager_id = '11111111-2222-4333-8444-555555555555';
    const outside = appErrorOf(() => checkExportReferences(elsewhere, references, 'f'));
    expect(outside.details.field).toBe('tables.people[1].manager_id');
    expect(outside.message).toMatch(/names a row of people that is not in the file/);
    const unlisted = sample();
    unlisted.tables.people![0]!.user_id = '22222222-2222-4333-8444-555555555555';
    expect(appErrorOf(() => checkExportReferences(unlisted, references, 'f')).message).toMatch(/^tables\.people\[0\]\.user_id names a user the file does not list/);
    const listed = sample();
    listed.tables.people![0]!.user_id = USER_ID;
    expect(() => checkExportReferences(listed, references, 'f')).not.toThrow();
  });

  it('accepts only password hashes as Pulse writes them, at a cost a sign-in can bear', () => {
    expect(isStoredPasswordHash(HASH)).toBe(true);
    expect(isStoredPasswordHash(HASH.replace('131072', '1024'))).toBe(true);
    expect(isStoredPasswordHash(HASH.replace('131072', String(2 ** 24)))).toBe(false);
    expect(isStoredPasswordHash(HASH.replace('131072', '100000'))).toBe(false);
    expect(isStoredPasswordHash(HASH.replace('$8$1$', '$64$1$'))).toBe(false);
    expect(isStoredPasswordHash('bcrypt$2b$10$abc')).toBe(false);
    const costly = sample();
    costly.users[0]!.password_hash = HASH.replace('131072', String(2 ** 24));
    expect(refusal(JSON.stringify(costly)).details.field).toBe('users[0].password_hash');
  });

  it('leaves API tokens and pending invitations behind, and keeps accepted invitations as history', () => {
    expect(movesWithOrg('api_tokens', { id: 't' })).toBe(false);
    expect(movesWithOrg('invitations', { id: 'i', accepted_at: null })).toBe(false);
    // The outbox too: a waiting email holds a pending invitation's link, which the new installation would send again.
    expect(movesWithOrg('outbox_emails', { id: 'e', sent_at: null })).toBe(false);
    expect(movesWithOrg('invitations', { id: 'i', accepted_at: '2026-11-01T00:00:00+00:00' })).toBe(true);
    expect(movesWithOrg('people', { id: 'p' })).toBe(true);
  });

  it('fits a database whose migrations begin with the file\'s, and no other', () => {
    expect(() => checkExportSchema(['m1', 'm2'], ['m1', 'm2'], 'f')).not.toThrow();
    expect(() => checkExportSchema(['m1'], ['m1', 'm2'], 'f')).not.toThrow();
    expect(appErrorOf(() => checkExportSchema(['m1', 'm3'], ['m1', 'm2'], 'f')).message).toMatch(/newer Pulse: its database has the migration m3/);
    expect(appErrorOf(() => checkExportSchema(['m2'], ['m1', 'm2'], 'f')).details.field).toBe('migrations[0]');
  });

  it('fills tables after the tables they reference, leaving references to themselves for later', () => {
    const references = [
      { table: 'allocations', column: 'person_id', references: 'people' },
      { table: 'allocations', column: 'team_id', references: 'teams' },
      { table: 'teams', column: 'initiative_id', references: 'initiatives' },
      { table: 'people', column: 'manager_id', references: 'people' },
      { table: 'initiatives', column: 'stl_person_id', references: 'people' },
    ];
    const order = tableFillOrder(['allocations', 'teams', 'people', 'initiatives'], references);
    expect(order).toEqual(['people', 'initiatives', 'teams', 'allocations']);
    // A reference to a table that is not being filled (no rows) does not hold anything back.
    expect(tableFillOrder(['allocations'], references)).toEqual(['allocations']);
    const cycle = [{ table: 'a', column: 'b_id', references: 'b' }, { table: 'b', column: 'a_id', references: 'a' }];
    expect(appErrorOf(() => tableFillOrder(['a', 'b', 'c'], cycle)).message).toMatch(/cycle \(a, b\)/);
  });
});

describe('finding where JSON breaks', () => {
  it('accepts valid JSON and points at the first bad character otherwise', () => {
    expect(findJsonSyntaxProblem('{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"]}')).toBeNull();
    expect(findJsonSyntaxProblem('{"a": 1,}')).toMatchObject({ line: 1, column: 9, message: 'a key in double quotes expected, found "}"' });
    expect(findJsonSyntaxProblem('{\n  "a": tru\n}')).toMatchObject({ line: 2, column: 8, message: 'a value expected, found "t"' });
    expect(findJsonSyntaxProblem('["a\nb"]')).toMatchObject({ line: 1, column: 4, message: expect.stringMatching(/control character/) });
    expect(findJsonSyntaxProblem('["\\x"]')).toMatchObject({ column: 3, message: 'a bad escape in a string' });
    expect(findJsonSyntaxProblem('{} {}')).toMatchObject({ column: 4, message: 'more text after the end of the JSON value' });
    expect(findJsonSyntaxProblem('[01]')).toMatchObject({ column: 3 });
    // Too deep to follow without running out of stack: no place, but no crash either.
    expect(findJsonSyntaxProblem('['.repeat(200_000))).toBeNull();
    expect(refusal('['.repeat(200_000)).message).toBe('The file is not valid JSON.');
  });
});
