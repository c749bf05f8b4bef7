import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/button.js';
import { SelectField, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { anchorOfRenderedSelection, type PassageAnchor } from '../../../../src/domain/documents/comment-anchors.js';
import { compellingVerdictProblem } from '../../../../src/domain/documents/review-rules.js';
import { formatAgo, formatDateTime } from '../../lib/format.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { CommentThread } from './comment-thread.js';
import { documentPath, documentsApi, type DocumentView } from './documents-api.js';
import { MarkdownView } from './markdown-view.js';
import { SelectionAction } from './selection-action.js';

const CHOICES = [
  { value: 'compelling', label: 'Compelling' },
  { value: 'not_yet', label: 'Not yet' },
] as const;

type Passage = { quote: string; from: number; anchor?: PassageAnchor | undefined };

const blockOf = (node: Node) => (node instanceof Element ? node : node.parentElement)?.closest('[data-source-start]') ?? undefined;

/** What a reader can select of a rendered block (up to a point in it): its text without footnote numbers or whitespace. */
function visibleText(block: Element, upTo?: { node: Node; offset: number }): string {
  const range = window.document.createRange();
  range.selectNodeContents(block);
  if (upTo) range.setEnd(upTo.node, upTo.offset);
  const fragment = range.cloneContents();
  for (const reference of fragment.querySelectorAll('.md-fnref')) reference.remove();
  return (fragment.textContent ?? '').replace(/\s+/g, '');
}

/**
 * The selected words, the source offset of the block they are in, and the selection mapped back to the Markdown
 * source block by block (so a passage with a line break, emphasis, a link or a footnote anchors exactly).
 */
function readSelection(body: string): Passage | undefined {
  const selection = window.getSelection();
  const quote = selection?.toString().trim() ?? '';
  if (!selection || quote === '' || selection.rangeCount === 0) return undefined;
  const range = selection.getRangeAt(0);
  const startBlock = blockOf(range.startContainer);
  const endBlock = blockOf(range.endContainer);
  const from = Number(startBlock?.getAttribute('data-source-start') ?? 0);
  if (!startBlock || !endBlock) return { quote, from };
  const container = startBlock.closest('[aria-label="Document text"]');
  const anchor = anchorOfRenderedSelection(
    body,
    {
      startBlock: from,
      startIndex: visibleText(startBlock, { node: range.startContainer, offset: range.startOffset }).length,
      endBlock: Number(endBlock.getAttribute('data-source-start')),
      endIndex: visibleText(endBlock, { node: range.endContainer, offset: range.endOffset }).length - 1,
    },
    (blockStart) => {
      const block = container?.querySelector(`[data-source-start="${blockStart}"]`);
      return block ? visibleText(block) : '';
    },
  );
  return { quote, from, anchor };
}

/** Finds the passage in the Markdown source, preferring an occurrence at or after `from`. */
function anchorOf(body: string, quote: string, from: number): { start: number; end: number; quote: string } | undefined {
  const afterBlock = body.indexOf(quote, from);
  const start = afterBlock >= 0 ? afterBlock : body.indexOf(quote);
  return quote === '' || start < 0 ? undefined : { start, end: start + quote.length, quote };
}

/** The first occurrence of `text` in the rendered document, as a DOM range (undefined when it is not there). */
function passageRange(text: string): Range | undefined {
  const container = window.document.querySelector('[aria-label="Document text"]');
  // The anchor is Markdown source; the rendered text has no emphasis or code marks.
  const wanted = text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  if (!container || wanted === '') return undefined;
  const walker = window.document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  let joined = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    joined += node.textContent ?? '';
  }
  const start = joined.indexOf(wanted);
  if (start < 0) return undefined;
  const locate = (offset: number) => {
    let passed = 0;
    for (const node of nodes) {
      const length = node.textContent?.length ?? 0;
      if (offset <= passed + length) return { node, offset: offset - passed };
      passed += length;
    }
    return { node: nodes[nodes.length - 1]!, offset: nodes[nodes.length - 1]!.textContent?.length ?? 0 };
  };
  const from = locate(start);
  const to = locate(start + wanted.length);
  const range = window.document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range;
}

/** Selects a comment's passage and scrolls to it, so a reader finds what the comment is about. */
function showPassage(text: string): boolean {
  const range = passageRange(text);
  if (!range) return false;
  window.getSelection()?.removeAllRanges();
  window.getSelection()?.addRange(range);
  range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  return true;
}

const RESOLVED_TOGGLE = 'resolved-toggle';

/** The name under which commented passages are highlighted (`::highlight(document-comments)` in the stylesheet). */
const COMMENT_HIGHLIGHT = 'document-comments';

/**
 * Keeps every commented passage of the shown version highlighted, as a shared document marks what was commented
 * on. Uses the CSS Custom Highlight API, which paints ranges without changing the document's DOM; where a browser
 * lacks it, the passages are still found with "Show in the text".
 */
function useCommentHighlights(passages: readonly string[] | undefined, body: string): void {
  useEffect(() => {
    if (passages === undefined || typeof CSS === 'undefined' || !('highlights' in CSS)) return undefined;
    const ranges = passages.flatMap((text) => passageRange(text) ?? []);
    CSS.highlights.set(COMMENT_HIGHLIGHT, new Highlight(...ranges));
    return () => {
      CSS.highlights.delete(COMMENT_HIGHLIGHT);
    };
  }, [passages, body]);
}

/**
 * `currentUserId`: the signed-in person, whose own open review request (the one that brought them here from Home or
 * its email) the tab names at its top.
 * `initialVersion`: the version a link names (`?version=`, as an initiative's history links to the verdict it passed on); the current one otherwise.
 * `onNewerVersion` takes the document as it now is when the server says a newer draft was saved since this page read it.
 */
export function DocumentReview({ orgId, document, currentUserId, initialVersion, onNewerVersion }: { orgId: string; document: DocumentView; currentUserId: string; initialVersion?: number | undefined; onNewerVersion?: ((latest: DocumentView) => void) | undefined }) {
  const client = documentsApi(orgId);
  const [version, setVersion] = useState(initialVersion !== undefined && Number.isInteger(initialVersion) && initialVersion >= 1 && initialVersion <= document.version ? initialVersion : document.version);
  const versions = useResource((signal) => client.versions(document.id, signal), `${document.id}:${document.version}:versions`);
  const text = useResource(async (signal) => (version === document.version ? document.body : (await client.version(document.id, version, signal)).body), `${document.id}:${version}:text`);
  const review = useResource((signal) => client.review(document.id, version, signal), `${document.id}:${version}`);
  const lint = useResource((signal) => client.lint(document.id, version, signal), `${document.id}:${version}:lint`);
  // A reading of this document you take part in, still reading: the server refuses your comments, votes and verdict
  // until its discussion opens (meeting.discussion_closed), so the forms give way to a note that says so.
  const myMeetings = useResource((signal) => client.myMeetings(signal), `${document.id}:my-meetings`);
  const readingNow = myMeetings.data?.find((meeting) => meeting.documentId === document.id && meeting.phase === 'reading');
  const canReview = !document.isAuthor && readingNow === undefined;
  // A reader is listed only the requests that ask them (an admin all of them, hence the filter); a vote closes one.
  const reviewRequests = useResource(async (signal) => (document.isAuthor ? [] : client.reviewRequests(document.id, signal)), `${document.id}:review-requests`);
  const myRequest = reviewRequests.data?.find((request) => request.reviewer.id === currentUserId);
  const voteFormRef = useRef<HTMLFormElement>(null);
  // "Go to your vote" pressed: the form is scrolled to once it is there (on an older version, after the current one shows).
  const [isGoingToVote, setGoingToVote] = useState(false);
  useEffect(() => {
    if (!isGoingToVote || !voteFormRef.current) return;
    // The vote form is the side column's on a wide screen, below the text and the comment form on a phone.
    voteFormRef.current.scrollIntoView({ block: 'center' });
    voteFormRef.current.querySelector('select')?.focus({ preventScroll: true });
    setGoingToVote(false);
  });
  const body = text.data ?? '';
  const [passage, setPassage] = useState<Passage>({ quote: '', from: 0 });
  const [selectionHint, setSelectionHint] = useState('');
  const [commentBody, setCommentBody] = useState('');
  const [choice, setChoice] = useState<'compelling' | 'not_yet'>('compelling');
  const [voteReason, setVoteReason] = useState('');
  const [verdict, setVerdict] = useState<'compelling' | 'not_yet'>('compelling');
  const [verdictReason, setVerdictReason] = useState('');
  const commentForm = useApiForm(['body']);
  const voteForm = useApiForm(['reason']);
  const verdictForm = useApiForm(['reason']);
  // Why the page moved to a newer draft: a vote or verdict sent for the version read before was refused as stale. The
  // note is shown in the form that sent it.
  const [newerDraftNote, setNewerDraftNote] = useState<{ form: 'vote' | 'verdict'; message: string } | undefined>();
  const isCurrentVersion = version === document.version;
  const showVersion = (shown: number) => {
    setVersion(shown);
    setPassage({ quote: '', from: 0 });
  };
  /**
   * Votes and verdicts are taken on the current version only: one refused as stale (a newer draft was saved since this
   * page read the document) shows that draft, keeps the reason typed, and says why. Any other refusal is the form's.
   */
  const moveToNewerDraft = async (error: unknown, form: 'vote' | 'verdict') => {
    if (!isStaleWriteRefusal(error, 'version')) throw error;
    const latest = await client.get(document.id);
    onNewerVersion?.(latest);
    showVersion(latest.version);
    setNewerDraftNote({ form, message: `${error instanceof Error ? error.message : ''} Version ${latest.version} is shown now; your reason is kept.` });
  };
  const newerDraftAlert = (form: 'vote' | 'verdict') =>
    newerDraftNote?.form === form && (
      <p className="meeting-closed" role="alert">
        {newerDraftNote.message}
      </p>
    );
  const verdictProblem = review.data ? compellingVerdictProblem(review.data.tally) : null;

  // Resolved threads are folded away and their passages no longer marked: what is left is what still needs an answer.
  const [isShowingResolved, setShowingResolved] = useState(false);
  // Where focus goes once the review is reloaded: the "Show resolved" toggle after a resolve (the thread folded
  // away), or a reopened thread, which moved back among the open ones.
  const [focusTarget, setFocusTarget] = useState<string | undefined>();
  const resolvedToggleRef = useRef<HTMLButtonElement>(null);
  const resolvedListId = useId();
  const openThreads = review.data?.comments.filter((comment) => comment.resolved === null) ?? [];
  const resolvedThreads = review.data?.comments.filter((comment) => comment.resolved !== null) ?? [];
  useEffect(() => {
    if (focusTarget !== RESOLVED_TOGGLE || !resolvedToggleRef.current) return;
    resolvedToggleRef.current.focus();
    setFocusTarget(undefined);
  }, [focusTarget, review.data]);
  const commentedPassages = useMemo(() => review.data?.comments.filter((comment) => comment.resolved === null && comment.anchor.status !== 'removed').map((comment) => comment.anchor.text), [review.data]);
  useCommentHighlights(commentedPassages, body);

  const threadOf = (comment: (typeof openThreads)[number]) => (
    <CommentThread
      key={comment.id}
      comment={comment}
      canReply={readingNow === undefined}
      shouldFocus={focusTarget === comment.id && comment.resolved === null}
      onFocused={() => setFocusTarget(undefined)}
      onShowPassage={showPassage}
      onReply={async (replyBody) => {
        await client.reply(document.id, comment.id, { body: replyBody });
        review.reload();
      }}
      onSetResolved={async (action) => {
        await client.setThread(document.id, comment.id, action);
        setFocusTarget(action === 'resolve' ? RESOLVED_TOGGLE : comment.id);
        review.reload();
      }}
    />
  );

  const takeSelection = () => takePassage(readSelection(body));
  const takePassage = (selected: Passage | undefined) => {
    if (selected) setPassage(selected);
    setSelectionHint(selected ? '' : 'Select a passage of the text first, or type its exact words.');
  };
  const textRef = useRef<HTMLDivElement>(null);
  const commentFormRef = useRef<HTMLFormElement>(null);

  return (
    <>
      {myRequest && (
        <section className="review-request-note no-print" aria-label="Your review request">
          <p>
            <strong>{myRequest.requestedBy.name} asked you to review this document</strong> {formatAgo(myRequest.requestedAt)}
            {myRequest.version < document.version ? ` (on version ${myRequest.version}; version ${document.version} is the current draft, and votes are taken on it)` : ''}. Read it, comment on
            passages, then vote compelling or not yet: your vote answers the request.
          </p>
          {canReview && (
            <Button
              size="small"
              onClick={() => {
                if (!isCurrentVersion) showVersion(document.version);
                setGoingToVote(true);
              }}
            >
              Go to your vote
            </Button>
          )}
        </section>
      )}
      <div className="doc-columns">
        <section aria-labelledby="review-text-title" className="stack">
          <h2 id="review-text-title" className="panel__title">
            Version {version}
            {version === document.version ? ' (current)' : ''}
          </h2>
          {(versions.data?.length ?? 0) > 1 && (
            <SelectField
              label="Review version"
              name="version"
              value={String(version)}
              options={(versions.data ?? []).map((item) => ({ value: String(item.version), label: `Version ${item.version}` }))}
              onChange={(value) => showVersion(Number(value))}
            />
          )}
          {text.error && <ErrorNote message={text.error} />}
          <div ref={textRef}>
            <MarkdownView source={body} label="Document text" />
          </div>
          {canReview && (
            <SelectionAction
              within={textRef}
              label="Comment on selection"
              read={() => readSelection(body)}
              onUse={(selected) => {
                takePassage(selected);
                // The comment form is below the whole text: the reader is taken there, to write the comment.
                commentFormRef.current?.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.focus();
              }}
            />
          )}
          {readingNow && (
            <p className="meeting-closed" role="status">
              You take part in a silent reading of this document that is still under way: comments, replies, votes and the
              verdict wait until its discussion opens, so that no one’s reading is steered by another’s.{' '}
              <Link to={documentPath(orgId, document.id, `?meeting=${readingNow.id}`)}>Back to the reading</Link>
            </p>
          )}
          {canReview && (
            <form
              ref={commentFormRef}
              className="panel stack no-print"
              aria-label="Comment on a passage"
              onSubmit={commentForm.handleSubmit(async () => {
                // The selection mapped to the source, unless the words were typed (or retyped) by hand.
                const anchor = passage.anchor ?? anchorOf(body, passage.quote.trim(), passage.from);
                if (!anchor) throw new Error(`Those words are not in version ${version}: select them in the text or type them exactly.`);
                await client.comment(document.id, { version, anchor, body: commentBody });
                setCommentBody('');
                setPassage({ quote: '', from: 0 });
                review.reload();
              })}
            >
              <div className="inline-form">
                <Button size="small" onMouseDown={(event) => event.preventDefault()} onClick={takeSelection}>
                  Use selection
                </Button>
                <span className="doc-editor__status" role="status">
                  {selectionHint || 'Select words in the text and use the selection, or type the exact words.'}
                </span>
              </div>
              <TextField label="Passage (exact words)" name="passage" value={passage.quote} onChange={(event) => setPassage({ quote: event.target.value, from: 0 })} />
              {commentForm.formError && <ErrorNote message={commentForm.formError} />}
              <TextAreaField label="Comment" name="body" value={commentBody} onChange={(event) => setCommentBody(event.target.value)} error={commentForm.errorFor('body')} rows={3} required />
              <Button type="submit" isBusy={commentForm.isPending}>
                Add comment
              </Button>
            </form>
          )}
        </section>
        <aside className="doc-side" aria-label="Review">
          {review.isLoading && !review.data && <LoadingNote />}
          {review.error && <ErrorNote message={review.error} />}
          {review.data && (
            <section className="panel stack" aria-labelledby="tally-title">
              <h2 id="tally-title" className="panel__title">
                Compelling? (version {review.data.version})
              </h2>
              <p className="tally">
                <span>
                  <strong>{review.data.tally.compelling}</strong> compelling
                </span>{' '}
                <span>
                  <strong>{review.data.tally.notYet}</strong> not yet
                </span>
              </p>
              <ul className="findings" aria-label="Votes">
                {review.data.votes.map((vote) => (
                  <li key={vote.reviewer.id} className="comment">
                    <strong>{vote.reviewer.name}</strong>: {vote.choice === 'compelling' ? 'compelling' : 'not yet'} — {vote.reason}
                  </li>
                ))}
              </ul>
              {/* An older draft's votes are history: a vote, like the verdict, is taken on the current version only. */}
              {canReview && !isCurrentVersion && (
                <p className="doc-editor__status no-print">
                  Version {version} is an earlier draft. Votes and the verdict judge the current draft, version {document.version}, so they are taken on it only.{' '}
                  <Button size="small" onClick={() => showVersion(document.version)}>
                    Review version {document.version}
                  </Button>
                </p>
              )}
              {canReview && isCurrentVersion && (
                <form
                  ref={voteFormRef}
                  className="stack no-print"
                  aria-label="Vote"
                  onSubmit={voteForm.handleSubmit(async () => {
                    setNewerDraftNote(undefined);
                    try {
                      review.setData(await client.vote(document.id, { version, choice, reason: voteReason }));
                    } catch (error) {
                      await moveToNewerDraft(error, 'vote');
                      return;
                    }
                    setVoteReason('');
                    reviewRequests.reload();
                  })}
                >
                  {voteForm.formError && <ErrorNote message={voteForm.formError} />}
                  {newerDraftAlert('vote')}
                  <SelectField label="Your vote" name="choice" value={choice} options={CHOICES} onChange={(value) => setChoice(value === 'not_yet' ? 'not_yet' : 'compelling')} />
                  <TextField label="Why" name="reason" value={voteReason} onChange={(event) => setVoteReason(event.target.value)} error={voteForm.errorFor('reason')} required />
                  <Button type="submit" isBusy={voteForm.isPending}>
                    Vote on version {version}
                  </Button>
                </form>
              )}
            </section>
          )}
          {review.data && (
            <section className="panel stack" aria-labelledby="comments-title">
              <h2 id="comments-title" className="panel__title">
                Comments
              </h2>
              {review.data.comments.length === 0 && <p className="doc-editor__status">No comments yet.</p>}
              {review.data.comments.length > 0 && openThreads.length === 0 && <p className="doc-editor__status">Every comment thread is resolved.</p>}
              <ul className="findings" aria-label="Comments">
                {openThreads.map((comment) => threadOf(comment))}
              </ul>
              {resolvedThreads.length > 0 && (
                <>
                  <Button ref={resolvedToggleRef} size="small" variant="quiet" className="comment-threads__toggle" aria-expanded={isShowingResolved} aria-controls={resolvedListId} onClick={() => setShowingResolved(!isShowingResolved)}>
                    {isShowingResolved ? 'Hide' : 'Show'} resolved ({resolvedThreads.length})
                  </Button>
                  <ul className="findings" aria-label="Resolved comments" id={resolvedListId} hidden={!isShowingResolved}>
                    {isShowingResolved && resolvedThreads.map((comment) => threadOf(comment))}
                  </ul>
                </>
              )}
            </section>
          )}
          {lint.data && lint.data.suppressed.length > 0 && (
            <section className="panel stack" aria-labelledby="suppressed-title">
              <h2 id="suppressed-title" className="panel__title">
                Findings the authors suppressed
              </h2>
              <ul className="findings">
                {lint.data.suppressed.map(({ finding, suppression }) => (
                  <li key={suppression.id} className="comment">
                    <code>{finding.ruleId}</code> “{finding.excerpt}” — {suppression.reason}
                    {suppression.createdBy ? ` (${suppression.createdBy.name})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {review.data && (
            <section className="panel stack" aria-labelledby="verdict-title">
              <h2 id="verdict-title" className="panel__title">
                Verdict
              </h2>
              {review.data.verdicts.length === 0 && <p className="doc-editor__status">No verdict yet. A reader records it on the current version; a compelling verdict needs at least one compelling vote, no more “not yet” votes than compelling ones, and no writing errors.</p>}
              <ul className="findings" aria-label="Verdicts">
                {review.data.verdicts.map((item, index) => (
                  <li key={index} className="comment">
                    <strong>{item.verdict === 'compelling' ? 'Compelling' : 'Not yet'}</strong> on version {item.version}
                    {/* A verdict speaks for the draft it judged: the list and the pipeline read the one on the current version. */}
                    {item.version < document.version ? ' (an earlier draft)' : ''} — {item.reason}
                    {/* The pipeline's FAQ gate reads the latest verdict on the current version against the votes as they stand now, as this does. */}
                    {index === 0 && item.verdict === 'compelling' && item.version === review.data?.version && verdictProblem !== null && (
                      <p className="doc-editor__status">This verdict no longer has the reviewers’ votes behind it, so it does not open the FAQ stage. {verdictProblem.message}</p>
                    )}
                    <div className="doc-editor__status">
                      {item.decidedBy.name} · {formatDateTime(item.decidedAt)}
                    </div>
                  </li>
                ))}
              </ul>
              {canReview && !isCurrentVersion && (
                <p className="doc-editor__status no-print">A verdict judges the current draft, so it is recorded on version {document.version} only (see “Review version {document.version}” above).</p>
              )}
              {canReview && isCurrentVersion && (
                <form
                  className="stack no-print"
                  aria-label="Record the verdict"
                  onSubmit={verdictForm.handleSubmit(async () => {
                    setNewerDraftNote(undefined);
                    try {
                      review.setData(await client.verdict(document.id, { version, verdict, reason: verdictReason }));
                    } catch (error) {
                      await moveToNewerDraft(error, 'verdict');
                      return;
                    }
                    setVerdictReason('');
                  })}
                >
                  {verdictForm.formError && <ErrorNote message={verdictForm.formError} />}
                  {newerDraftAlert('verdict')}
                  <SelectField label="Verdict" name="verdict" value={verdict} options={CHOICES} onChange={(value) => setVerdict(value === 'not_yet' ? 'not_yet' : 'compelling')} />
                  {/* The server's own rule, said before the press: a compelling verdict the votes do not back is refused. */}
                  {verdict === 'compelling' && verdictProblem !== null && <p className="doc-editor__status" role="status">{verdictProblem.message}</p>}
                  <TextField label="Reason" name="reason" value={verdictReason} onChange={(event) => setVerdictReason(event.target.value)} error={verdictForm.errorFor('reason')} required />
                  <Button type="submit" variant="primary" isBusy={verdictForm.isPending}>
                    Record verdict on version {version}
                  </Button>
                </form>
              )}
            </section>
          )}
        </aside>
      </div>
    </>
  );
}
