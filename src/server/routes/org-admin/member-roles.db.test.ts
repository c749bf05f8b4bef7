import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

interface Member {
  userId: string;
  role: string;
  editToken: string;
}

describe('changing a member\'s role', () => {
  it('refuses a role change made from a stale read (409 naming baseToken), keeping the other admin\'s change', async () => {
    const { client: first, orgId } = await signUpClient(context.app);
    const { client: second } = await inviteClient(context.app, first, orgId, 'admin');
    const bob = await inviteClient(context.app, first, orgId, 'member');
    const path = `/orgs/${orgId}/members/${bob.userId}`;
    const opened = ((await first.get(`/orgs/${orgId}/members`)).body.members as Member[]).find((member) => member.userId === bob.userId)!;
    expect(opened.role).toBe('member');
    // The second admin makes Bob a recruiter; the first, whose page still says "member", makes him an admin.
    const theirs = await second.patch(path, { role: 'recruiter', baseToken: opened.editToken });
    expect(theirs.status).toBe(200);
    const now = (theirs.body.members as Member[]).find((member) => member.userId === bob.userId)!;
    expect(now.editToken).not.toBe(opened.editToken);
    const stale = await first.patch(path, { role: 'admin', baseToken: opened.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: now.editToken } });
    expect(stale.body.error.message).toContain('This member\'s role changed after you opened it');
    expect(((await first.get(`/orgs/${orgId}/members`)).body.members as Member[]).find((member) => member.userId === bob.userId)!.role).toBe('recruiter');
    // Read again, it saves; a script sending no token is not checked; a bad token is named.
    expect((await first.patch(path, { role: 'admin', baseToken: now.editToken })).status).toBe(200);
    expect((await first.patch(path, { role: 'member' })).status).toBe(200);
    expect((await first.patch(path, { role: 'admin', baseToken: 7 })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.baseToken' });
  });

  it('keeps one admin when two admins demote each other at the same moment', async () => {
    const { client: ana, orgId, userId: anaId } = await signUpClient(context.app);
    const ben = await inviteClient(context.app, ana, orgId, 'admin');
    const clients = new Map([[anaId, ana], [ben.userId, ben.client]]);
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all([
        ana.patch(`/orgs/${orgId}/members/${ben.userId}`, { role: 'member' }),
        ben.client.patch(`/orgs/${orgId}/members/${anaId}`, { role: 'member' }),
      ]);
      // One demotion goes through; the other is refused: as the last admin's (422), or as no admin's any more (403).
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 200).every((status) => status === 422 || status === 403)).toBe(true);
      const refused = answers.find((answer) => answer.status === 422);
      if (refused) expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'org.last_admin', field: 'body.role' });
      const members = ((await ana.get(`/orgs/${orgId}/members`)).body.members as Member[]).filter((member) => clients.has(member.userId));
      const admins = members.filter((member) => member.role === 'admin');
      expect(admins).toHaveLength(1);
      // The admin left makes the other an admin again for the next round.
      const other = members.find((member) => member.role !== 'admin')!;
      expect((await clients.get(admins[0]!.userId)!.patch(`/orgs/${orgId}/members/${other.userId}`, { role: 'admin' })).status).toBe(200);
    }
  });
});
