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
    expect(describeAuditEvent({ action: 'org.imported', subjectId: 'o1', data: { exportedAt: '2026-11-26T10:00:02.115Z' } }, lookups).text).toBe('imported the org from an export made on 2026-11-26');
    expect(describeAuditEvent({ action: 'org.imported', subjectId: 'o1', data: {} }, lookups).text).toBe(AUDIT_ACTIONS['org.imported']);
  });

  it('names the member whose role changed and both roles', () => {
    expect(describeAuditEvent({ action: 'member.role_changed', subjectId: 'u1', data: { from: 'member', to: 'admin' } }, lookups).text).toBe('changed Ada’s role from member to admin');
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
      .toBe('published the week ending 2025-01-04 of the deck “Fulfilment” (2 new anomalies)');
    expect(describeAuditEvent({ action: 'wbr_week.published', subjectId: 'd1', data: { name: 'Fulfilment', weekEnding: '2025-01-11', anomaliesOpened: 0 } }, lookups).text)
      .toBe('published the week ending 2025-01-11 of the deck “Fulfilment”');
    expect(describeAuditEvent({ action: 'wbr_deck.data_uploaded', subjectId: 'd1', data: { name: 'Fulfilment', fileName: 'daily.csv', lastDate: '2025-01-07' } }, lookups).text)
      .toBe('uploaded daily.csv to the deck “Fulfilment” (data to 2025-01-07)');
    expect(describeAuditEvent({ action: 'wbr_anomaly.updated', subjectId: 'a1', data: { metric: 'Late deliveries', changed: ['status'], toStatus: 'explained' } }, lookups).text)
      .toBe('marked the anomaly on “Late deliveries” explained');
    expect(describeAuditEvent({ action: 'wbr_anomaly.updated', subjectId: 'a1', data: { metric: 'Late deliveries', changed: ['ownerPersonId'], toOwnerPersonId: 'p2' } }, lookups).text)
      .toBe('changed the anomaly on “Late deliveries” and handed it to a new owner');
    expect(describeAuditEvent({ action: 'wbr_deck.created', subjectId: 'd1', data: { name: 'Fulfilment' } }, lookups).text).toBe('created the business review deck “Fulfilment”');
    expect(describeAuditEvent({ action: 'wbr_deck.deleted', subjectId: 'd1', data: {} }, lookups).text).toBe('deleted a business review deck');
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
