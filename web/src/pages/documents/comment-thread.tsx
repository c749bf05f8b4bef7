import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/button.js';
import { FormActions } from '../../components/form-actions.js';
import { TextAreaField } from '../../components/field.js';
import { ErrorNote } from '../../components/page.js';
import { messageOf } from '../../lib/api-client.js';
import { formatDateTime } from '../../lib/format.js';
import { useApiForm } from '../../lib/use-api-form.js';
import type { CommentView } from './documents-api.js';

const STATUS_TEXT = { unchanged: '', changed: 'the text here changed since', removed: 'the passage was removed after' } as const;

interface CommentThreadProps {
  comment: CommentView;
  /** False while a reading the viewer takes part in is under way: the server refuses replies then. */
  canReply: boolean;
  /** Focus this thread once it is shown (after it was reopened and moved back among the open ones). */
  shouldFocus: boolean;
  onFocused(): void;
  onShowPassage(text: string): void;
  onReply(body: string): Promise<void>;
  onSetResolved(action: 'resolve' | 'reopen'): Promise<void>;
}

/**
 * One comment thread, as in a shared document: the passage and the comment, its replies in order, a reply box
 * opened on demand, and resolve / reopen for whoever started it or an author of the document.
 */
export function CommentThread({ comment, canReply, shouldFocus, onFocused, onShowPassage, onReply, onSetResolved }: CommentThreadProps) {
  const [isReplying, setReplying] = useState(false);
  const [replyBody, setReplyBody] = useState('');
  const [resolveError, setResolveError] = useState<string | undefined>();
  const [isResolving, setIsResolving] = useState(false);
  const replyForm = useApiForm(['body']);
  const threadRef = useRef<HTMLLIElement>(null);
  const replyButtonRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const isResolved = comment.resolved !== null;

  useEffect(() => {
    if (!shouldFocus) return;
    threadRef.current?.focus();
    onFocused();
  }, [shouldFocus, onFocused]);

  const closeReply = () => {
    setReplying(false);
    setReplyBody('');
    replyForm.clear();
    // Back to the button that opened the box, so a keyboard user keeps their place.
    requestAnimationFrame(() => replyButtonRef.current?.focus());
  };

  const setResolved = async (action: 'resolve' | 'reopen') => {
    setResolveError(undefined);
    setIsResolving(true);
    try {
      await onSetResolved(action);
    } catch (error) {
      setResolveError(messageOf(error));
    } finally {
      setIsResolving(false);
    }
  };

  return (
    <li ref={threadRef} tabIndex={-1} className={`comment comment-thread${isResolved ? ' comment-thread--resolved' : ''}`} aria-labelledby={titleId}>
      <p className="comment__quote" id={titleId}>
        “{comment.anchor.status === 'removed' ? comment.quote : comment.anchor.text}”
      </p>
      {comment.anchor.status !== 'unchanged' && (
        <p className={`comment__status comment__status--${comment.anchor.status}`}>
          Marked: {STATUS_TEXT[comment.anchor.status]} version {comment.version}
          {comment.anchor.status === 'changed' ? ` (it quoted “${comment.quote}”)` : ''}
        </p>
      )}
      <p className="comment__body">{comment.body}</p>
      <p className="doc-editor__status">
        {comment.author.name} · on version {comment.version} · {formatDateTime(comment.createdAt)}
      </p>
      {comment.replies.length > 0 && (
        <ol className="comment-thread__replies" aria-label={`Replies (${comment.replies.length})`}>
          {comment.replies.map((reply) => (
            <li key={reply.id} className="comment-thread__reply">
              <p className="comment__body">{reply.body}</p>
              <p className="doc-editor__status">
                {reply.author.name} · {formatDateTime(reply.createdAt)}
              </p>
            </li>
          ))}
        </ol>
      )}
      {comment.resolved && (
        <p className="comment-thread__resolved">
          Resolved by {comment.resolved.by.name} · {formatDateTime(comment.resolved.at)}
        </p>
      )}
      {resolveError && <ErrorNote message={resolveError} />}
      {isReplying ? (
        <form
          className="stack comment-thread__reply-form"
          aria-label="Reply to this comment"
          onSubmit={replyForm.handleSubmit(async () => {
            await onReply(replyBody);
            closeReply();
          })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') closeReply();
          }}
        >
          {replyForm.formError && <ErrorNote message={replyForm.formError} />}
          <TextAreaField label="Your reply" name="body" value={replyBody} onChange={(event) => setReplyBody(event.target.value)} error={replyForm.errorFor('body')} rows={2} required autoFocus />
          <FormActions className="comment-thread__actions" size="small" isBusy={replyForm.isPending} onCancel={closeReply}>
            Reply
          </FormActions>
        </form>
      ) : (
        <div className="comment-thread__actions">
          {comment.anchor.status !== 'removed' && (
            <Button size="small" variant="quiet" onClick={() => onShowPassage(comment.anchor.text)}>
              Show in the text
            </Button>
          )}
          {canReply && !isResolved && (
            <Button ref={replyButtonRef} size="small" onClick={() => setReplying(true)}>
              Reply
            </Button>
          )}
          {comment.canResolve && (
            <Button size="small" variant={isResolved ? 'secondary' : 'quiet'} isBusy={isResolving} onClick={() => void setResolved(isResolved ? 'reopen' : 'resolve')}>
              {isResolved ? 'Reopen' : 'Resolve'}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
