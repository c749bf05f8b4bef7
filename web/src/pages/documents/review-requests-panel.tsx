import { useState } from 'react';
import { can } from '../../../../src/domain/accounts/roles.js';
import { canReadDocument } from '../../../../src/domain/documents/document-rules.js';
import { REVIEW_REQUEST_LIMITS } from '../../../../src/domain/documents/review-requests.js';
import { Button } from '../../components/button.js';
import { ErrorNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Member } from '../../lib/api-types.js';
import { formatAgo } from '../../lib/format.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { documentsApi, type DocumentView } from './documents-api.js';

/**
 * For the document's authors, on its Review tab: who has been asked to review it and has not voted yet (each request
 * can be withdrawn), and "Ask for review…", which picks members who may read it and did not write it. The server
 * checks all of that again and names the person it refuses.
 */
export function ReviewRequestsPanel({ orgId, document }: { orgId: string; document: DocumentView }) {
  const client = documentsApi(orgId);
  const requests = useResource((signal) => client.reviewRequests(document.id, signal), document.id);
  const members = useResource(async (signal) => (await api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`, undefined, { signal })).members, orgId);
  const [isPicking, setPicking] = useState(false);
  const [reviewerIds, setReviewerIds] = useState<string[]>([]);
  const [withdrawError, setWithdrawError] = useState<string | undefined>();
  const form = useApiForm(['reviewerIds']);
  const access = { visibility: document.visibility, authorIds: document.authors.map((person) => person.id), readerIds: document.readers.map((person) => person.id) };
  const asked = new Set((requests.data ?? []).map((request) => request.reviewer.id));
  const candidates = (members.data ?? []).filter((member) => can(member.role, 'documents.read') && !access.authorIds.includes(member.userId) && canReadDocument(access, member.userId) && !asked.has(member.userId));

  return (
    <section className="panel stack" aria-labelledby="review-requests-title">
      <h2 id="review-requests-title" className="panel__title">
        Review requests
      </h2>
      {requests.error && <ErrorNote message={requests.error} />}
      {withdrawError && <ErrorNote message={withdrawError} />}
      {requests.data && requests.data.length === 0 && <p className="doc-editor__status">Nobody is waiting to review this document.</p>}
      <ul className="findings" aria-label="Open review requests">
        {(requests.data ?? []).map((request) => (
          <li key={request.id} className="comment">
            {request.reviewer.name} · asked by {request.requestedBy.name} {formatAgo(request.requestedAt)} (version {request.version}){' '}
            <Button
              size="small"
              variant="quiet"
              aria-label={`Withdraw the request to ${request.reviewer.name}`}
              onClick={async () => {
                setWithdrawError(undefined);
                try {
                  await client.withdrawReviewRequest(document.id, request.id);
                } catch (error) {
                  setWithdrawError(error instanceof Error ? error.message : String(error));
                }
                requests.reload();
              }}
            >
              Withdraw
            </Button>
          </li>
        ))}
      </ul>
      {!isPicking ? (
        <Button onClick={() => setPicking(true)}>Ask for review…</Button>
      ) : (
        <form
          className="stack"
          aria-label="Ask for review"
          noValidate
          onSubmit={form.handleSubmit(async () => {
            try {
              await client.requestReviews(document.id, reviewerIds);
              setReviewerIds([]);
              setPicking(false);
            } finally {
              // Someone else may have asked meanwhile: show the requests as they are now either way.
              requests.reload();
            }
          })}
        >
          {form.formError && <ErrorNote message={form.formError} />}
          <fieldset className="stack">
            <legend>Reviewers (at most {REVIEW_REQUEST_LIMITS.maxReviewersAtOnce} at once)</legend>
            {members.data && candidates.length === 0 && <p className="doc-editor__status">Nobody else can be asked: share the document with more readers under Sharing first.</p>}
            {candidates.map((member) => (
              <label key={member.userId}>
                <input
                  type="checkbox"
                  name="reviewerIds"
                  checked={reviewerIds.includes(member.userId)}
                  onChange={(event) => setReviewerIds((current) => (event.target.checked ? [...current, member.userId] : current.filter((id) => id !== member.userId)))}
                />{' '}
                {member.name}
              </label>
            ))}
            {form.errorFor('reviewerIds') && <p className="field__error">{form.errorFor('reviewerIds')}</p>}
          </fieldset>
          <div className="comment-thread__actions">
            <Button type="submit" variant="primary" isBusy={form.isPending}>
              Send requests
            </Button>
            <Button variant="quiet" onClick={() => setPicking(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
