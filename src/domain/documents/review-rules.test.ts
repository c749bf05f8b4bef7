import { describe, expect, it } from 'vitest';
import { assertCanResolveThread, assertLintGate, assertNotAuthor, assertThreadOpenForReply, assertJudgedOnCurrentVersion, assertVerdictAllowed, canResolveThread, compellingVerdictProblem, normaliseReason, tallyVotes, type CastVote } from './review-rules.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 12, minute));

describe('the compelling review', () => {
  it('counts each reviewer\'s latest vote on the asked version only', () => {
    const votes: CastVote[] = [
      { reviewerId: 'a', version: 2, choice: 'not_yet', castAt: at(1) },
      { reviewerId: 'a', version: 2, choice: 'compelling', castAt: at(5) },
      { reviewerId: 'b', version: 2, choice: 'not_yet', castAt: at(2) },
      { reviewerId: 'c', version: 1, choice: 'compelling', castAt: at(3) },
    ];
    expect(tallyVotes(votes, 2)).toEqual({ version: 2, compelling: 1, notYet: 1, reviewers: 2 });
    expect(tallyVotes(votes, 1)).toEqual({ version: 1, compelling: 1, notYet: 0, reviewers: 1 });
  });

  it('refuses authors voting on or deciding their own document', () => {
    expect(() => assertNotAuthor(['me'], 'me', 'vote')).toThrow(expect.objectContaining({ code: 'rule_violation', details: expect.objectContaining({ rule: 'documents.author_cannot_vote' }) }));
    expect(() => assertNotAuthor(['me'], 'me', 'verdict')).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'documents.author_cannot_decide' }) }));
    expect(() => assertNotAuthor(['me'], 'you', 'vote')).not.toThrow();
  });

  it('needs a compelling vote and no lint error for a compelling verdict; "not yet" needs neither', () => {
    const none = { version: 3, compelling: 0, notYet: 2, reviewers: 2 };
    const one = { version: 3, compelling: 1, notYet: 1, reviewers: 2 };
    expect(() => assertVerdictAllowed('compelling', none, 0)).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'documents.verdict_needs_votes' }) }));
    expect(() => assertVerdictAllowed('compelling', one, 2)).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'documents.lint_errors_block_gate' }) }));
    expect(() => assertVerdictAllowed('compelling', one, 0)).not.toThrow();
    expect(() => assertVerdictAllowed('not_yet', none, 5)).not.toThrow();
  });

  it('refuses a compelling verdict while "not yet" votes outnumber compelling ones, and leaves a tie to whoever decides', () => {
    const outvoted = { version: 4, compelling: 1, notYet: 3, reviewers: 4 };
    expect(() => assertVerdictAllowed('compelling', outvoted, 0)).toThrow(expect.objectContaining({
      message: expect.stringContaining('3 "not yet" to 1 compelling'),
      details: { rule: 'documents.verdict_against_votes', data: { tally: outvoted } },
    }));
    expect(() => assertVerdictAllowed('not_yet', outvoted, 0)).not.toThrow();
    expect(compellingVerdictProblem({ version: 4, compelling: 2, notYet: 2, reviewers: 4 })).toBeNull();
    expect(compellingVerdictProblem({ version: 4, compelling: 2, notYet: 3, reviewers: 5 })?.rule).toBe('documents.verdict_against_votes');
    expect(compellingVerdictProblem({ version: 4, compelling: 0, notYet: 0, reviewers: 0 })?.rule).toBe('documents.verdict_needs_votes');
  });

  it('records a verdict on the current version only, refusing one on an older draft as stale (conflict, naming the current version)', () => {
    expect(() => assertJudgedOnCurrentVersion(3, 3, 'verdict')).not.toThrow();
    expect(() => assertJudgedOnCurrentVersion(3, 2, 'verdict')).toThrow(expect.objectContaining({
      code: 'conflict',
      message: expect.stringContaining('Version 3 of this document was saved after version 2, the one you judged'),
      details: { field: 'version', data: { currentVersion: 3 } },
    }));
    expect(() => assertJudgedOnCurrentVersion(3, 1, 'verdict')).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('takes a vote on the current version only, under the same rule, and says so in a voter\'s words', () => {
    expect(() => assertJudgedOnCurrentVersion(2, 2, 'vote')).not.toThrow();
    expect(() => assertJudgedOnCurrentVersion(2, 1, 'vote')).toThrow(expect.objectContaining({
      code: 'conflict',
      message: expect.stringMatching(/Version 2 of this document was saved after version 1, the one you voted on: a vote is cast on the current draft\. Read version 2, then cast your vote on it\./),
      details: { field: 'version', data: { currentVersion: 2 } },
    }));
  });

  it('lets warnings through the gate but not errors', () => {
    expect(() => assertLintGate(0, 'the meeting')).not.toThrow();
    expect(() => assertLintGate(1, 'the meeting')).toThrow(/1 writing error in force/);
  });

  it('asks for a reason', () => {
    expect(normaliseReason('  clear customer problem ')).toBe('clear customer problem');
    expect(() => normaliseReason('   ')).toThrow(expect.objectContaining({ details: { field: 'body.reason' } }));
  });
});

describe('comment threads', () => {
  const thread = { id: 't1', parentId: null, authorId: 'reviewer', isResolved: false };
  const reply = { id: 'r1', parentId: 't1', authorId: 'author', isResolved: false };

  it('lets whoever started a thread or an author of the document resolve it, nobody else', () => {
    expect(canResolveThread(thread, ['author'], 'reviewer')).toBe(true);
    expect(canResolveThread(thread, ['author'], 'author')).toBe(true);
    expect(canResolveThread(thread, ['author'], 'bystander')).toBe(false);
    expect(() => assertCanResolveThread(thread, ['author'], 'bystander', 'resolve')).toThrow(expect.objectContaining({ code: 'forbidden', message: expect.stringContaining('resolve it') }));
    expect(() => assertCanResolveThread(thread, ['author'], 'author', 'reopen')).not.toThrow();
  });

  it('keeps replies one level deep and refuses answers in a resolved thread until it is reopened', () => {
    expect(() => assertCanResolveThread(reply, ['author'], 'author', 'resolve')).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'documents.comment_is_reply', data: { threadId: 't1' } }) }));
    expect(() => assertThreadOpenForReply(reply)).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'documents.comment_is_reply' }) }));
    expect(() => assertThreadOpenForReply({ ...thread, isResolved: true })).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'documents.thread_resolved' }) }));
    expect(() => assertThreadOpenForReply(thread)).not.toThrow();
  });
});
