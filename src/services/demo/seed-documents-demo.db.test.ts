import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../test/support/test-app.js';
import { seedDocumentsDemo } from './seed-documents-demo.js';

const context = useTestApp();

describe('the documents demo', () => {
  it('seeds a reviewed PR/FAQ with a compelling verdict and a memo read in a meeting to a decision', async () => {
    const { client, orgId, userId } = await signUpClient(context.app);
    await inviteClient(context.app, client, orgId, 'member');
    await inviteClient(context.app, client, orgId, 'member');
    await seedDocumentsDemo(context.database.db, { userId, orgId, role: 'admin' });

    const documents = (await client.get(`/orgs/${orgId}/documents`)).body.documents;
    expect(documents.map((document: { kind: string; draftCount: number }) => [document.kind, document.draftCount]).sort()).toEqual([
      ['memo', 1],
      ['prfaq', 2],
    ]);
    const prfaq = documents.find((document: { kind: string }) => document.kind === 'prfaq');
    const review = (await client.get(`/orgs/${orgId}/documents/${prfaq.id}/review`)).body.review;
    expect(review.tally).toMatchObject({ compelling: 2, notYet: 0 });
    expect(review.verdicts[0]).toMatchObject({ verdict: 'compelling', version: 2 });
    expect(review.comments[0].anchor.status).toBe('changed');
    // One thread answered and resolved, one answered and still open.
    expect(review.comments.map((comment: { resolved: unknown; replies: unknown[] }) => [comment.resolved !== null, comment.replies.length])).toEqual([[true, 1], [false, 1]]);
    expect((await client.get(`/orgs/${orgId}/documents/${prfaq.id}/lint`)).body.lint.errorCount).toBe(0);

    const memo = documents.find((document: { kind: string }) => document.kind === 'memo');
    const [meeting] = (await client.get(`/orgs/${orgId}/documents/${memo.id}/meetings`)).body.meetings;
    expect(meeting).toMatchObject({ phase: 'ended', decision: 'iterate', version: 1 });
  });
});
