import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { findJsonSyntaxProblem } from './json-syntax.js';
import { checkExportSchema, formatOrgExport, parseOrgExport, tableFillOrder, type OrgExport } from './org-export.js';

const ORG_ID = '6f1c2a8e-0b7d-4c55-9a43-2d5e8f7a1b90';
const USER_ID = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';

function sample(): OrgExport {
  return {
    format: 'pulse-org-export',
    version: 1,
    exportedAt: '2026-11-26T10:00:00.000Z',
    pulseVersion: '0.1.0',
    migrations: ['m1', 'm2'],
    org: { id: ORG_ID, name: 'Acme', slug: 'acme', created_at: '2026-01-01T00:00:00+00:00' },
    users: [{ id: USER_ID, email: 'ada@acme.test', name: 'Ada', password_hash: 'scrypt$x', created_at: '2026-01-01T00:00:00+00:00' }],
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

  it('refuses a row of another org, so an import never writes outside its org', () => {
    const other = sample();
    other.tables.people![1]!.org_id = '11111111-2222-4333-8444-555555555555';
    const error = refusal(JSON.stringify(other));
    expect(error.details.field).toBe('tables.people[1].org_id');
    expect(error.message).toMatch(/must be the org's id/);
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
  });
});
