import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { archivedTeamProblems, importError, parsePeopleCsv } from './people-csv.js';
import { assertTeamNotArchived, isLiveInitiative } from './people-rules.js';

describe('archived teams', () => {
  it('refuses to give an archived team work, naming the field, the rule and the way back; a team in use passes', () => {
    expect(() => assertTeamNotArchived({ name: 'Night shift', archived_at: null }, 'teamId', 'take people')).not.toThrow();
    try {
      assertTeamNotArchived({ name: 'Night shift', archived_at: new Date() }, 'teamId', 'take people');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('rule_violation');
      expect((error as AppError).details).toMatchObject({ field: 'teamId', rule: 'team.archived' });
      expect((error as AppError).message).toBe('The team "Night shift" is archived, so it cannot take people: restore it first (Teams & initiatives, Show archived teams).');
    }
  });

  it('holds off archiving for an active or paused initiative, not a done or killed one', () => {
    expect(isLiveInitiative({ status: 'active', stage: 'building' })).toBe(true);
    expect(isLiveInitiative({ status: 'paused', stage: 'staffing' })).toBe(true);
    expect(isLiveInitiative({ status: 'done', stage: 'launched' })).toBe(false);
    expect(isLiveInitiative({ status: 'active', stage: 'killed' })).toBe(false);
  });

  it('refuses each CSV row naming an archived team by its line, matching names as the import does', () => {
    const rows = parsePeopleCsv('name,email,role,level,team\nAda,ada@example.test,Eng,4,NIGHT  shift\nBo,bo@example.test,Eng,4,Day shift\nCy,cy@example.test,Eng,4,\n', 'people.csv');
    const archived = new Map([['night shift', 'Night shift']]);
    const problems = archivedTeamProblems(rows, archived);
    expect(problems).toEqual([{ line: 2, field: 'team', message: '"Night shift" is archived and takes no people: restore it first, or name another team' }]);
    expect(importError('people.csv', problems).message).toBe('people.csv:2: team "Night shift" is archived and takes no people: restore it first, or name another team. Nothing was imported.');
    expect(archivedTeamProblems(rows.slice(1), archived)).toEqual([]);
  });
});
