import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../src/domain/audit/audit-actions.js';
import { describeAuditEvent, type AuditLookups } from './audit-descriptions.js';

const lookups: AuditLookups = {
  principleTitles: new Map([['p1', 'Ownership']]),
  memberNames: new Map([['u1', 'Ada']]),
  tokenNames: new Map([['t1', 'CI script']]),
};

describe('describeAuditEvent', () => {
  it('describes an edit with the principle and the versions, linking to it', () => {
    const described = describeAuditEvent(
      { action: 'principle.edited', subjectId: 'p1', data: { fromVersion: 1, toVersion: 2, before: { title: 'Ownership', summary: 'a' }, after: { title: 'Ownership', summary: 'b' } } },
      lookups,
    );
    expect(described).toEqual({ text: 'edited the principle “Ownership” (version 1 → 2)', principleId: 'p1' });
  });

  it('says when an edit renamed the principle', () => {
    const described = describeAuditEvent({ action: 'principle.edited', subjectId: 'p9', data: { fromVersion: 2, toVersion: 3, before: { title: 'Frugal' }, after: { title: 'Frugality' } } }, lookups);
    expect(described.text).toBe('renamed the principle “Frugal” to “Frugality” (version 2 → 3)');
  });

  it('tells who owns an account now, and whether it is strategic', () => {
    expect(describeAuditEvent({ action: 'account.owner_changed', subjectId: 'a1', data: { name: 'Harbor Foods', toOwnerName: 'Kofi Mensah' } }, lookups).text).toBe('made Kofi Mensah the owner of the account “Harbor Foods”');
    expect(describeAuditEvent({ action: 'account.owner_changed', subjectId: 'a1', data: { name: 'Harbor Foods', reason: 'departure' } }, lookups).text).toBe('handed the account “Harbor Foods” to a successor when its owner left');
    expect(describeAuditEvent({ action: 'account.strategic_changed', subjectId: 'a1', data: { name: 'Harbor Foods', isStrategic: true } }, lookups).text).toBe('made the account “Harbor Foods” strategic');
    expect(describeAuditEvent({ action: 'account.strategic_changed', subjectId: 'a1', data: { name: 'Harbor Foods', isStrategic: false } }, lookups).text).toBe('made the account “Harbor Foods” no longer strategic');
  });

  it('dates an imported org by its export', () => {
    expect(describeAuditEvent({ action: 'org.imported', subjectId: 'o1', data: { exportedAt: '2026-11-26T10:00:02.115Z' } }, lookups).text).toBe('imported the org from an export made on Nov 26, 2026');
    expect(describeAuditEvent({ action: 'org.imported', subjectId: 'o1', data: {} }, lookups).text).toBe(AUDIT_ACTIONS['org.imported']);
  });

  it('says how a reading meeting\'s time and attendees changed, naming the document and the people', () => {
    expect(describeAuditEvent({ action: 'meeting.reading_time_changed', subjectId: 'm1', data: { documentTitle: 'Refunds', fromMinutes: 10, toMinutes: 1 } }, lookups).text).toBe('changed the reading time of the reading meeting on “Refunds” from 10 minutes to 1 minute');
    expect(describeAuditEvent({ action: 'meeting.reading_time_changed', subjectId: 'm1', data: {} }, lookups).text).toBe(AUDIT_ACTIONS['meeting.reading_time_changed']);
    const people = { added: [{ id: 'u2', name: 'Ann Lee' }, { id: 'u3', name: 'Bo Chen' }], removed: [{ id: 'u4', name: 'Cy Ford' }], madeApprovers: [], noLongerApprovers: [{ id: 'u5', name: 'Di Roe' }] };
    expect(describeAuditEvent({ action: 'meeting.attendees_changed', subjectId: 'm1', data: { documentTitle: 'Refunds', ...people } }, lookups).text).toBe('changed who attends the reading meeting on “Refunds”: added Ann Lee and Bo Chen, removed Cy Ford and made Di Roe no longer an approver');
    expect(describeAuditEvent({ action: 'meeting.attendees_changed', subjectId: 'm1', data: { madeApprovers: [{ id: 'u2', name: 'Ann Lee' }] } }, lookups).text).toBe('changed who attends a reading meeting: made Ann Lee an approver');
    expect(describeAuditEvent({ action: 'meeting.attendees_changed', subjectId: 'm1', data: {} }, lookups).text).toBe(AUDIT_ACTIONS['meeting.attendees_changed']);
  });

  it('names the member whose role changed and both roles', () => {
    expect(describeAuditEvent({ action: 'member.role_changed', subjectId: 'u1', data: { from: 'member', to: 'admin' } }, lookups).text).toBe('changed Ada’s role from member to admin');
    expect(describeAuditEvent({ action: 'member.removed', subjectId: 'u9', data: { name: 'Zed Zhou', email: 'zed@example.test' } }, lookups).text).toBe('removed Zed Zhou from the org');
  });

  it('names the email of a revoked invitation and of a new link, and says when the old link had expired', () => {
    expect(describeAuditEvent({ action: 'member.invitation_revoked', subjectId: 'i1', data: { email: 'wrong@example.test', role: 'member', wasExpired: false } }, lookups).text).toBe('revoked the invitation for wrong@example.test');
    expect(describeAuditEvent({ action: 'member.invitation_resent', subjectId: 'i1', data: { email: 'late@example.test', role: 'member', wasExpired: true } }, lookups).text).toBe('sent a new invitation link to late@example.test (the previous one had expired)');
    expect(describeAuditEvent({ action: 'member.invitation_resent', subjectId: 'i1', data: { email: 'lost@example.test', role: 'member', wasExpired: false } }, lookups).text).toBe('sent a new invitation link to lost@example.test');
  });

  it('finds a revoked token by its id and a retired principle by its id', () => {
    expect(describeAuditEvent({ action: 'api_token.revoked', subjectId: 't1', data: {} }, lookups).text).toBe('revoked the API token “CI script”');
    expect(describeAuditEvent({ action: 'principle.retired', subjectId: 'p1', data: {} }, lookups).text).toBe('retired the principle “Ownership”');
  });

  it('tells a sales move and a discovery change with the account and the opportunity', () => {
    const deal = { name: 'Same-day fulfilment', accountName: 'Harbor Foods' };
    expect(describeAuditEvent({ action: 'opportunity.stage_changed', subjectId: 'o1', data: { ...deal, from: 'proposal', to: 'lost', reason: 'Built in-house.' } }, lookups).text).toBe('marked the opportunity “Harbor Foods: Same-day fulfilment” lost at proposal: Built in-house.');
    expect(describeAuditEvent({ action: 'opportunity.stage_changed', subjectId: 'o1', data: { ...deal, from: 'discovery', to: 'solution' } }, lookups).text).toBe('moved the opportunity “Harbor Foods: Same-day fulfilment” from discovery to solution');
    expect(describeAuditEvent({ action: 'opportunity.objection_changed', subjectId: 'o1', data: { ...deal, question: 'Is it secure?', toStatus: 'answered' } }, lookups).text).toBe('marked the objection “Is it secure?” of the opportunity “Harbor Foods: Same-day fulfilment” answered');
    expect(describeAuditEvent({ action: 'opportunity.criterion_added', subjectId: 'o1', data: {} }, lookups).text).toBe('added a success criterion to an opportunity');
  });

  it('tells a pipeline move with the initiative, the stages and the reason', () => {
    expect(describeAuditEvent({ action: 'initiative.stage_changed', subjectId: 'i1', data: { name: 'Returns Robot', from: 'memo', to: 'reading_review', reason: 'Checks pass.' } }, lookups).text).toBe('moved the initiative “Returns Robot” from memo to reading review: Checks pass.');
    expect(describeAuditEvent({ action: 'initiative.stage_changed', subjectId: 'i1', data: { name: 'Drones', from: 'faq', to: 'killed', reason: 'No waiver.' } }, lookups).text).toBe('killed the initiative “Drones” at the FAQ stage: No waiver.');
    expect(describeAuditEvent({ action: 'initiative.stage_changed', subjectId: 'i1', data: { from: 'idea', to: 'press_release', reason: '' } }, lookups).text).toBe('moved an initiative from idea to press release');
    expect(describeAuditEvent({ action: 'initiative.stage_changed', subjectId: 'i1', data: {} }, lookups).text).toBe('moved an initiative through the pipeline');
  });

  it('names the metric added, changed or deleted, and says when it changed hands', () => {
    expect(describeAuditEvent({ action: 'metric.created', subjectId: 'm1', data: { name: 'Pick success rate' } }, lookups).text).toBe('added the metric “Pick success rate”');
    expect(describeAuditEvent({ action: 'metric.updated', subjectId: 'm1', data: { name: 'Pick success rate', changed: ['ownerPersonId'], toOwnerPersonId: 'p2' } }, lookups).text).toBe('changed the metric “Pick success rate” and handed it to a new owner');
    expect(describeAuditEvent({ action: 'metric.deleted', subjectId: 'm1', data: {} }, lookups).text).toBe('deleted a metric');
  });

  it('describes the weekly business review by deck, week, file and anomaly', () => {
    expect(describeAuditEvent({ action: 'wbr_week.published', subjectId: 'd1', data: { name: 'Fulfilment', weekEnding: '2025-01-04', anomaliesOpened: 2 } }, lookups).text)
      .toBe('published the week ending Jan 4, 2025 of the deck “Fulfilment” (2 new anomalies)');
    expect(describeAuditEvent({ action: 'wbr_week.published', subjectId: 'd1', data: { name: 'Fulfilment', weekEnding: '2025-01-11', anomaliesOpened: 0 } }, lookups).text)
      .toBe('published the week ending Jan 11, 2025 of the deck “Fulfilment”');
    expect(describeAuditEvent({ action: 'wbr_week.corrected', subjectId: 'd1', data: { name: 'Fulfilment', weekEnding: '2025-01-04', version: 2, reason: 'The Friday file arrived late' } }, lookups).text)
      .toBe('corrected the week ending Jan 4, 2025 of the deck “Fulfilment”: The Friday file arrived late');
    const anomalies = { raised: { count: 1, metrics: ['Orders shipped'] }, withdrawn: { count: 2, metrics: ['Late deliveries', 'Returns'] }, reinstated: { count: 0, metrics: [] } };
    expect(describeAuditEvent({ action: 'wbr_week.corrected', subjectId: 'd1', data: { name: 'Fulfilment', weekEnding: '2025-01-04', version: 2, reason: 'Wrong row', anomalies } }, lookups).text)
      .toBe('corrected the week ending Jan 4, 2025 of the deck “Fulfilment”: Wrong row (anomalies: raised “Orders shipped”; withdrew “Late deliveries”, “Returns”)');
    expect(describeAuditEvent({ action: 'wbr_deck.data_uploaded', subjectId: 'd1', data: { name: 'Fulfilment', fileName: 'daily.csv', lastDate: '2025-01-07' } }, lookups).text)
      .toBe('uploaded daily.csv to the deck “Fulfilment” (data to Jan 7, 2025)');
    expect(describeAuditEvent({ action: 'wbr_anomaly.updated', subjectId: 'a1', data: { metric: 'Late deliveries', changed: ['status'], toStatus: 'explained' } }, lookups).text)
      .toBe('marked the anomaly on “Late deliveries” explained');
    expect(describeAuditEvent({ action: 'wbr_anomaly.updated', subjectId: 'a1', data: { metric: 'Late deliveries', changed: ['ownerPersonId'], toOwnerPersonId: 'p2' } }, lookups).text)
      .toBe('changed the anomaly on “Late deliveries” and handed it to a new owner');
    expect(describeAuditEvent({ action: 'wbr_anomaly.withdrawn', subjectId: 'a1', data: { metric: 'Late deliveries', weekEnding: '2025-01-04', version: 2 } }, lookups).text)
      .toBe('withdrew the anomaly on “Late deliveries” by correcting the week ending Jan 4, 2025');
    expect(describeAuditEvent({ action: 'wbr_anomaly.reinstated', subjectId: 'a1', data: { metric: 'Late deliveries', weekEnding: '2025-01-04', version: 3 } }, lookups).text)
      .toBe('reinstated the anomaly on “Late deliveries” by correcting the week ending Jan 4, 2025');
    expect(describeAuditEvent({ action: 'wbr_deck.created', subjectId: 'd1', data: { name: 'Fulfilment' } }, lookups).text).toBe('created the business review deck “Fulfilment”');
    expect(describeAuditEvent({ action: 'wbr_deck.deleted', subjectId: 'd1', data: {} }, lookups).text).toBe('deleted a business review deck');
  });

  it('tells a change of single-threaded leader by name, with who led before', () => {
    const describe = (data: Record<string, unknown>) => describeAuditEvent({ action: 'initiative.updated', subjectId: 'i1', data }, lookups).text;
    expect(describe({ name: 'Adaptive gripper', changed: ['stl_person_id'], fromStl: 'p1', toStl: 'p2', fromStlName: 'Kofi Mensah', toStlName: 'Ravi Iyer' }))
      .toBe('made Ravi Iyer the single-threaded leader of “Adaptive gripper” (was Kofi Mensah)');
    expect(describe({ name: 'Warehouse pilot', changed: ['stl_person_id'], fromStl: null, toStl: 'p2', fromStlName: null, toStlName: 'Ravi Iyer' })).toBe('made Ravi Iyer the single-threaded leader of “Warehouse pilot”');
    expect(describe({ name: 'Warehouse pilot', changed: ['stl_person_id'], fromStl: 'p2', toStl: null, fromStlName: 'Ravi Iyer', toStlName: null })).toBe('left “Warehouse pilot” without a single-threaded leader (was Ravi Iyer)');
    expect(describe({ name: 'Adaptive gripper', changed: ['status'], fromStatus: 'active', toStatus: 'paused' })).toBe('marked the initiative “Adaptive gripper” paused (was active)');
    expect(describe({ name: 'Gripper v2', changed: ['name', 'status'], fromName: 'Adaptive gripper', fromStatus: 'active', toStatus: 'done' }))
      .toBe('renamed the initiative “Adaptive gripper” to “Gripper v2” and marked the initiative “Gripper v2” done (was active)');
    // Events stored before names were: the kind of change still reads, without ids.
    expect(describe({ changed: ['stl_person_id'], fromStl: 'p1', toStl: 'p2' })).toBe('changed the single-threaded leader of an initiative');
    expect(describe({ changed: ['status', 'name'] })).toBe('changed the status and name of an initiative');
    expect(describeAuditEvent({ action: 'initiative.created', subjectId: 'i1', data: { name: 'Adaptive gripper', stage: 'building', stlPersonId: 'p1', stlName: 'Kofi Mensah' } }, lookups).text)
      .toBe('created the initiative “Adaptive gripper” at the building stage with Kofi Mensah as its single-threaded leader');
    expect(describeAuditEvent({ action: 'initiative.created', subjectId: 'i1', data: { name: 'Notion', stage: 'idea', stlPersonId: null } }, lookups).text).toBe('created the initiative “Notion”');
  });

  it('tells an allocation by person, percent and team or initiative', () => {
    const describe = (action: string, data: Record<string, unknown>) => describeAuditEvent({ action, subjectId: 'p1', data }, lookups).text;
    expect(describe('allocation.set', { name: 'Tomas Berg', teamId: 't1', teamName: 'Platform', initiativeId: null, initiativeName: null, percent: 60, fromPercent: 100 })).toBe('allocated Tomas Berg 60% to the team “Platform” (was 100%)');
    expect(describe('allocation.set', { name: 'Kofi Mensah', teamId: null, teamName: null, initiativeId: 'i1', initiativeName: 'Adaptive gripper', percent: 100, fromPercent: null })).toBe('allocated Kofi Mensah 100% to the initiative “Adaptive gripper”');
    expect(describe('allocation.removed', { name: 'Tomas Berg', teamId: 't1', teamName: 'Platform', percent: 60 })).toBe('removed Tomas Berg’s 60% allocation to the team “Platform”');
    // Older events held ids and the percent only.
    expect(describe('allocation.set', { teamId: 't1', initiativeId: null, percent: 60 })).toBe('allocated a person 60% to a team');
    expect(describe('allocation.removed', { teamId: null, initiativeId: 'i1', percent: 40 })).toBe('removed a 40% allocation to an initiative');
  });

  it('says which fields of a person changed, with the new manager and the old', () => {
    const describe = (data: Record<string, unknown>) => describeAuditEvent({ action: 'person.updated', subjectId: 'p1', data }, lookups).text;
    expect(describe({ name: 'Tomas Berg', changed: ['level', 'manager_id'], fromLevel: 6, toLevel: 7, fromManagerName: 'Marcus Oyelaran', toManagerName: 'Priya Raman' }))
      .toBe('changed Tomas Berg’s level to 7 (was 6) and manager to Priya Raman (was Marcus Oyelaran)');
    expect(describe({ name: 'Ines Duarte', changed: ['dotted_line_manager_id'], fromDottedLineManagerName: 'Priya Raman', toDottedLineManagerName: null })).toBe('changed Ines Duarte’s dotted-line manager to nobody (was Priya Raman)');
    expect(describe({ name: 'Tomas Berg', changed: ['role', 'email'], fromRole: 'Software Engineer', toRole: 'Senior Engineer' })).toBe('changed Tomas Berg’s role to Senior Engineer (was Software Engineer) and email');
    expect(describe({ changed: ['level', 'manager_id', 'dotted_line_manager_id'] })).toBe('changed a person’s level, manager and dotted-line manager');
    expect(describeAuditEvent({ action: 'person.left', subjectId: 'p1', data: { name: 'Ben Vee', leftOn: '2026-11-20', successorName: 'Cy Dev' } }, lookups).text).toBe('recorded that Ben Vee left the company on Nov 20, 2026 (Cy Dev took over their reports and work)');
    expect(describeAuditEvent({ action: 'person.left', subjectId: 'p1', data: { leftOn: '2026-11-20', successorId: null } }, lookups).text).toBe('recorded that a person left the company on Nov 20, 2026');
  });

  it('tells a team change by name', () => {
    const describe = (data: Record<string, unknown>) => describeAuditEvent({ action: 'team.updated', subjectId: 't1', data }, lookups).text;
    expect(describe({ name: 'Gripper', changed: ['is_single_threaded'], isSingleThreaded: true })).toBe('made the team “Gripper” single-threaded');
    expect(describe({ name: 'Gripper', changed: ['initiative_id'], initiativeId: 'i1', initiativeName: 'Adaptive gripper' })).toBe('set the team “Gripper” to work on “Adaptive gripper”');
    expect(describe({ changed: ['is_single_threaded'] })).toBe('changed the single-threaded setting of a team');
  });

  it('tells a deleted team by name', () => {
    expect(describeAuditEvent({ action: 'team.deleted', subjectId: 't1', data: { name: 'Night shift', isSingleThreaded: false } }, lookups).text).toBe('deleted the team “Night shift”');
    expect(describeAuditEvent({ action: 'team.deleted', subjectId: 't1', data: {} }, lookups).text).toBe('deleted a team');
    expect(describeAuditEvent({ action: 'team.archived', subjectId: 't1', data: { name: 'Night shift' } }, lookups).text).toBe('archived the team “Night shift”');
    expect(describeAuditEvent({ action: 'team.restored', subjectId: 't1', data: { name: 'Night shift' } }, lookups).text).toBe('restored the archived team “Night shift”');
  });

  it('stays readable when names are unknown', () => {
    expect(describeAuditEvent({ action: 'principle.restored', subjectId: 'zz', data: {} }, lookups).text).toBe('restored a principle');
    expect(describeAuditEvent({ action: 'invitations.purged', subjectId: null, data: {} }, lookups).text).toBe('did invitations.purged');
  });

  it('describes every action the server records without falling back to the raw name', () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      expect(describeAuditEvent({ action, subjectId: null, data: {} }, lookups).text).not.toContain(action);
    }
  });
});
