import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { toCsv } from '../csv-text.js';
import { IMPORT_PROBLEMS_LISTED, importError, parseCsvRecords, parsePeopleCsv, peopleImportProblems, readPeopleCsv, referenceProblems, writePeopleCsv } from './people-csv.js';

const header = 'name,email,role,level,manager_email,team,team_percent';
const errorsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, line: error.details.line, errors: error.details.data?.errors, total: error.details.data?.total };
    throw error;
  }
  throw new Error('expected an error');
};

describe('people CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and lines inside quotes', () => {
    expect(parseCsvRecords('a,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
    ]);
  });

  it('reads good rows with defaults (team percent 100)', () => {
    const rows = parsePeopleCsv(`${header}\nAna,ANA@x.test,CEO,10,,,\nBen,ben@x.test,Engineer,5,ana@x.test,Robots,\n`, 'people.csv');
    expect(rows[1]).toEqual({ line: 3, name: 'Ben', email: 'ben@x.test', role: 'Engineer', level: 5, managerEmail: 'ana@x.test', dottedLineManagerEmail: null, team: 'Robots', teamPercent: 100 });
    expect(rows[0]!.email).toBe('ana@x.test');
  });

  it('lists every bad row with its line number', () => {
    const result = errorsOf(() => parsePeopleCsv(`${header}\nAna,ana@x.test,CEO,10,,,\n,bad-email,Eng,99,,,\nAna2,ana@x.test,CEO,3,,,\n`, 'people.csv'));
    expect(result.line).toBe(3);
    expect(result.message).toMatch(/^people\.csv:3: name is empty .*Nothing was imported\.$/);
    expect(result.errors).toEqual([
      { line: 3, field: 'name', message: 'is empty' },
      { line: 3, field: 'email', message: '"bad-email" is not an email address' },
      { line: 3, field: 'level', message: 'must be a whole number from 1 to 12' },
      { line: 4, field: 'email', message: '"ana@x.test" is already on line 2' },
    ]);
  });

  it('refuses a header without required columns or with unknown ones', () => {
    expect(errorsOf(() => parsePeopleCsv('name,email\n', 'p.csv')).message).toMatch(/lacks the column\(s\) role, level/);
    expect(errorsOf(() => parsePeopleCsv('name,email,role,level,shoe\n', 'p.csv')).message).toMatch(/unknown column "shoe"/);
    expect(errorsOf(() => parsePeopleCsv('', 'p.csv')).message).toMatch(/empty/);
  });

  it('says so when a spreadsheet separated the columns with semicolons or tabs, rather than that the name is missing', () => {
    expect(errorsOf(() => parsePeopleCsv('name;email;role;level\nAna;ana@example.test;CEO;10\n', 'p.csv')).message).toBe('p.csv:1: the columns are separated by semicolons; Pulse reads commas. Save the file as "CSV (comma delimited)" and import it again.');
    expect(errorsOf(() => parsePeopleCsv('name\temail\trole\tlevel\n', 'p.csv')).message).toMatch(/separated by tabs/);
    // One semicolon in a real comma-separated header is just an odd column name.
    expect(errorsOf(() => parsePeopleCsv('name,email;x\n', 'p.csv')).message).toMatch(/lacks the column\(s\) email, role, level/);
  });

  it('refuses unknown managers and reporting cycles, also through people already in the org', () => {
    const rows = parsePeopleCsv(`${header}\nAna,ana@x.test,CEO,10,ghost@x.test,,\n`, 'p.csv');
    expect(referenceProblems(rows, new Map())).toEqual([{ line: 2, field: 'manager_email', message: '"ghost@x.test" is neither in the file nor in the org' }]);
    const cyclic = parsePeopleCsv(`${header}\nAna,ana@x.test,CEO,10,ben@x.test,,\nBen,ben@x.test,VP,9,,,\n`, 'p.csv');
    const benUnderAna = new Map([['ben@x.test', { managerEmail: 'ana@x.test', dottedLineManagerEmail: null }]]);
    expect(referenceProblems(cyclic.slice(0, 1), benUnderAna)).toEqual([{ line: 2, field: 'manager_email', message: 'makes a reporting cycle: ana@x.test → ben@x.test → ana@x.test' }]);
    // The file's own row for Ben replaces his line to Ana, so the whole file makes no cycle.
    expect(referenceProblems(cyclic, benUnderAna)).toEqual([]);
  });

  it('refuses a reporting cycle closed through a dotted line, in the file or through the org, naming that column', () => {
    const withDotted = 'name,email,role,level,manager_email,dotted_line_manager_email';
    // Ana has a dotted line to Ben, who reports to Ana.
    const dotted = parsePeopleCsv(`${withDotted}\nAna,ana@x.test,CEO,10,,ben@x.test\nBen,ben@x.test,VP,9,ana@x.test,\n`, 'p.csv');
    expect(referenceProblems(dotted, new Map())).toEqual([
      { line: 2, field: 'dotted_line_manager_email', message: 'makes a reporting cycle: ana@x.test → ben@x.test → ana@x.test' },
    ]);
    // The same with Ben's dotted line already in the org and only Ana's row in the file.
    const anaUnderBen = parsePeopleCsv(`${withDotted}\nAna,ana@x.test,CEO,10,ben@x.test,\n`, 'p.csv');
    const benDottedToAna = new Map([['ben@x.test', { managerEmail: null, dottedLineManagerEmail: 'ana@x.test' }]]);
    expect(referenceProblems(anaUnderBen, benDottedToAna)).toEqual([
      { line: 2, field: 'manager_email', message: 'makes a reporting cycle: ana@x.test → ben@x.test → ana@x.test' },
    ]);
  });

  it('refuses rows for people who left, and managers who left', () => {
    const rows = parsePeopleCsv(`${header}\nAna,ana@x.test,CEO,10,,,\nCy,cy@x.test,Engineer,5,ben@x.test,,\nBen,ben@x.test,VP,9,,,\n`, 'p.csv');
    const existing = new Map([['ben@x.test', { managerEmail: null, dottedLineManagerEmail: null }]]);
    expect(referenceProblems(rows, existing, new Map([['ben@x.test', '2026-10-31']]))).toEqual([
      { line: 3, field: 'manager_email', message: '"ben@x.test" left the company on Oct 31, 2026' },
      { line: 4, field: 'email', message: '"ben@x.test" left the company on Oct 31, 2026; their record is kept as it was' },
    ]);
  });

  it('reports every problem of a file at once, by line: a malformed row, an unknown manager, a cycle and a leaver', () => {
    const csv = [
      header,
      'Ana,ana@x.test,CEO,10,dee@x.test,,', // line 2: Ana under Dee, who is under Ana: a cycle
      'Dee,dee@x.test,VP,9,ana@x.test,,',
      'Ben,ben@x.test,Engineer,5,ghost@x.test,,', // line 4: an unknown manager
      'Cy,cy@x.test,Engineer,twelve,ana@x.test,,', // line 5: cannot be read (the level)
      'Eve,eve@x.test,Engineer,5,cy@x.test,,', // line 6: managed by Cy, whose row cannot be read: no second problem
      'Lou,lou@x.test,Engineer,4,ana@x.test,,', // line 7: left the company
    ].join('\n');
    const reading = readPeopleCsv(csv, 'org.csv');
    expect(reading.rows.map((row) => row.line)).toEqual([2, 3, 4, 6, 7]);
    const org = {
      existingLinesByEmail: new Map([['lou@x.test', { managerEmail: null, dottedLineManagerEmail: null }]]),
      leftOnByEmail: new Map([['lou@x.test', '2026-10-31']]),
      own: null,
      archivedTeamsByKey: new Map<string, string>(),
    };
    const error = importError('org.csv', peopleImportProblems(reading, org));
    expect(error).toMatchObject({ code: 'invalid_data', details: { file: 'org.csv', line: 2, field: 'manager_email' } });
    expect(error.message).toBe('org.csv:2: manager_email makes a reporting cycle: ana@x.test → dee@x.test → ana@x.test (and 3 more problems). Nothing was imported.');
    expect(error.details.data).toEqual({
      total: 4,
      errors: [
        { line: 2, field: 'manager_email', message: 'makes a reporting cycle: ana@x.test → dee@x.test → ana@x.test' },
        { line: 4, field: 'manager_email', message: '"ghost@x.test" is neither in the file nor in the org' },
        { line: 5, field: 'level', message: 'must be a whole number from 1 to 12' },
        { line: 7, field: 'email', message: '"lou@x.test" left the company on Oct 31, 2026; their record is kept as it was' },
      ],
    });
  });

  it('names every separate reporting cycle, each once', () => {
    const withDotted = 'name,email,role,level,manager_email,dotted_line_manager_email';
    const rows = parsePeopleCsv(`${withDotted}\nA,a@x.test,X,5,b@x.test,b@x.test\nB,b@x.test,X,5,a@x.test,\nC,c@x.test,X,5,d@x.test,\nD,d@x.test,X,5,,c@x.test\n`, 'p.csv');
    expect(referenceProblems(rows, new Map())).toEqual([
      { line: 2, field: 'manager_email', message: 'makes a reporting cycle: a@x.test → b@x.test → a@x.test' },
      { line: 4, field: 'manager_email', message: 'makes a reporting cycle: c@x.test → d@x.test → c@x.test' },
    ]);
  });

  it(`lists the first ${IMPORT_PROBLEMS_LISTED} problems by line and counts the rest`, () => {
    const bad = Array.from({ length: 130 }, (_, index) => `P${index},p${index}@x.test,Eng,99,,,`);
    const result = errorsOf(() => parsePeopleCsv([header, ...bad].join('\n'), 'p.csv'));
    expect(result.message).toBe('p.csv:2: level must be a whole number from 1 to 12 (and 129 more problems). Nothing was imported.');
    expect(result.errors).toHaveLength(IMPORT_PROBLEMS_LISTED);
    expect(result.total).toBe(130);
    expect((result.errors as { line: number }[]).at(-1)!.line).toBe(IMPORT_PROBLEMS_LISTED + 1);
  });

  it('exports names a spreadsheet would run as formulas guarded, and imports them back unchanged', () => {
    const people = [
      { name: '=HYPERLINK("http://evil.test","click")', email: '-ops@x.test', role: '@team', level: 5, managerEmail: '+boss@x.test', dottedLineManagerEmail: null, team: '-Ops', teamPercent: 50 },
      { name: "'=quoted", email: '+boss@x.test', role: "'Lead'", level: 7, managerEmail: null, dottedLineManagerEmail: '-ops@x.test', team: '@team', teamPercent: 100 },
      { name: 'Ana, Chief', email: 'ana@x.test', role: 'CEO', level: 10, managerEmail: null, dottedLineManagerEmail: null, team: null, teamPercent: null },
    ];
    const csv = writePeopleCsv(people);
    const cells = parseCsvRecords(csv).slice(1).flatMap((record) => record.fields);
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""http://evil.test"",""click"")",'-ops@x.test,'@team,5,'+boss@x.test,,'-Ops,50`);
    expect(parsePeopleCsv(csv, 'p.csv').map(({ line: _line, ...row }) => row)).toEqual(people);
  });

  it('reads an apostrophe that was typed as text, and a negative number as a number', () => {
    const [row] = parsePeopleCsv(`${header}\n'Quinn',quinn@x.test,''-lead,5,,,\n`, 'p.csv');
    expect(row).toMatchObject({ name: "'Quinn'", role: "'-lead" });
    expect(errorsOf(() => parsePeopleCsv(`${header}\nQuinn,quinn@x.test,Lead,-5,,Ops,'-50\n`, 'p.csv')).errors).toMatchObject([{ field: 'level' }, { field: 'team_percent' }]);
  });

  it('writes CSV that reads back the same', () => {
    const text = toCsv(['name', 'note'], [['A, B', 'say "x"'], ['C', null]]);
    expect(parseCsvRecords(text).map((record) => record.fields)).toEqual([['name', 'note'], ['A, B', 'say "x"'], ['C', '']]);
  });
});
