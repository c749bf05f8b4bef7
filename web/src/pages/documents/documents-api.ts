import type { DocumentDiffView, DocumentSummaryView, DocumentVersionView, DocumentView } from '../../../../src/services/documents/documents.service.js';
import type { SuppressionView, VersionLintView } from '../../../../src/services/documents/document-lint.service.js';
import type { CommentView, ReplyView, ReviewView } from '../../../../src/services/documents/document-review.service.js';
import type { MeetingSummaryView, MeetingView, ReadingFloorView } from '../../../../src/services/documents/reading-meetings.service.js';
import type { ReviewRequestView } from '../../../../src/services/documents/review-requests.service.js';
import type { ReadingOutcome } from '../../../../src/services/initiatives/pipeline.service.js';
import type { LintSettings } from '../../../../src/domain/writing/lint-settings.js';
import { api } from '../../lib/api-client.js';

export type { CommentView, ReplyView, DocumentDiffView, DocumentSummaryView, DocumentVersionView, DocumentView, MeetingSummaryView, MeetingView, ReadingFloorView, ReadingOutcome, ReviewRequestView, ReviewView, SuppressionView, VersionLintView };

/** The document endpoints, one function each, so pages read as what they do. A read takes a `signal` that cancels it (see `api`). */
export function documentsApi(orgId: string) {
  const base = `/orgs/${orgId}/documents`;
  return {
    list: async (signal?: AbortSignal) => (await api<{ documents: DocumentSummaryView[] }>('GET', base, undefined, { signal })).documents,
    create: async (input: { kind: 'prfaq' | 'memo'; title: string }) => (await api<{ document: DocumentView }>('POST', base, input)).document,
    get: async (id: string, signal?: AbortSignal) => (await api<{ document: DocumentView }>('GET', `${base}/${id}`, undefined, { signal })).document,
    save: async (id: string, input: { title: string; body: string; baseVersion: number }) => (await api<{ document: DocumentView }>('POST', `${base}/${id}/versions`, input)).document,
    versions: async (id: string, signal?: AbortSignal) => (await api<{ versions: DocumentVersionView[] }>('GET', `${base}/${id}/versions`, undefined, { signal })).versions,
    version: async (id: string, version: number, signal?: AbortSignal) => (await api<{ version: { version: number; title: string; body: string } }>('GET', `${base}/${id}/versions/${version}`, undefined, { signal })).version,
    diff: async (id: string, from: number, to: number, signal?: AbortSignal) => (await api<{ diff: DocumentDiffView }>('GET', `${base}/${id}/diff?from=${from}&to=${to}`, undefined, { signal })).diff,
    lint: async (id: string, version?: number, signal?: AbortSignal) => (await api<{ lint: VersionLintView }>('GET', `${base}/${id}/lint${version ? `?version=${version}` : ''}`, undefined, { signal })).lint,
    suppress: async (id: string, input: { ruleId: string; anchor: string; reason: string }) => (await api<{ suppressions: SuppressionView[] }>('POST', `${base}/${id}/suppressions`, input)).suppressions,
    /** Lifts a suppression: its finding counts again (an author undoing a suppression made by mistake). */
    liftSuppression: async (id: string, suppressionId: string) => (await api<{ suppressions: SuppressionView[] }>('DELETE', `${base}/${id}/suppressions/${suppressionId}`)).suppressions,
    review: async (id: string, version?: number, signal?: AbortSignal) => (await api<{ review: ReviewView }>('GET', `${base}/${id}/review${version ? `?version=${version}` : ''}`, undefined, { signal })).review,
    vote: async (id: string, input: { version: number; choice: 'compelling' | 'not_yet'; reason: string }) => (await api<{ review: ReviewView }>('POST', `${base}/${id}/votes`, input)).review,
    comment: async (id: string, input: { version: number; anchor: { start: number; end: number; quote: string }; body: string }) => (await api<{ comment: CommentView }>('POST', `${base}/${id}/comments`, input)).comment,
    reply: async (id: string, commentId: string, input: { body: string }) => (await api<{ reply: ReplyView }>('POST', `${base}/${id}/comments/${commentId}/replies`, input)).reply,
    /** Resolves (`resolve`) or reopens (`reopen`) a comment thread. */
    setThread: async (id: string, commentId: string, action: 'resolve' | 'reopen') => (await api<{ comment: CommentView }>('POST', `${base}/${id}/comments/${commentId}/${action}`)).comment,
    /** The open review requests: asked, not withdrawn, and no vote from the reviewer since. */
    reviewRequests: async (id: string, signal?: AbortSignal) => (await api<{ requests: ReviewRequestView[] }>('GET', `${base}/${id}/review-requests`, undefined, { signal })).requests,
    requestReviews: async (id: string, reviewerIds: string[]) => (await api<{ requests: ReviewRequestView[] }>('POST', `${base}/${id}/review-requests`, { reviewerIds })).requests,
    withdrawReviewRequest: async (id: string, requestId: string) => (await api<{ requests: ReviewRequestView[] }>('DELETE', `${base}/${id}/review-requests/${requestId}`)).requests,
    verdict: async (id: string, input: { version: number; verdict: 'compelling' | 'not_yet'; reason: string }) => (await api<{ review: ReviewView }>('POST', `${base}/${id}/verdicts`, input)).review,
    /** The document's meetings, newest first, and the least reading time a meeting on its current version may have. */
    meetings: async (id: string, signal?: AbortSignal) => api<{ meetings: MeetingSummaryView[]; readingFloor: ReadingFloorView }>('GET', `${base}/${id}/meetings`, undefined, { signal }),
    createMeeting: async (id: string, input: { attendeeIds: string[]; readingMinutes: number }) => (await api<{ meeting: MeetingView }>('POST', `${base}/${id}/meetings`, input)).meeting,
    myMeetings: async (signal?: AbortSignal) => (await api<{ meetings: Array<MeetingSummaryView & { documentId: string; documentTitle: string }> }>('GET', `/orgs/${orgId}/meetings`, undefined, { signal })).meetings,
    settings: async (signal?: AbortSignal) => (await api<{ resolved: LintSettings }>('GET', `/orgs/${orgId}/writing-settings`, undefined, { signal })).resolved,
    exportUrl: (id: string, format: 'markdown' | 'html' | 'pdf', version: number) => `/api/v1${base}/${id}/export?format=${format}&version=${version}`,
  };
}

type MeetingDecision = 'approve' | 'iterate' | 'kill';

export function meetingsApi(orgId: string, meetingId: string) {
  const base = `/orgs/${orgId}/meetings/${meetingId}`;
  const post = async (path: string, body?: unknown) => (await api<{ meeting: MeetingView }>('POST', `${base}/${path}`, body)).meeting;
  return {
    get: async (signal?: AbortSignal) => (await api<{ meeting: MeetingView }>('GET', base, undefined, { signal })).meeting,
    start: () => post('start'),
    /** Before the start, by the facilitator; never below the document's reading-time floor. */
    setAttendees: async (attendeeIds: string[], baseToken?: string) => (await api<{ meeting: MeetingView }>('PUT', `${base}/attendees`, { attendeeIds, baseToken })).meeting,
    setReadingTime: async (readingMinutes: number, baseToken?: string) => (await api<{ meeting: MeetingView }>('PUT', `${base}/reading-time`, { readingMinutes, baseToken })).meeting,
    progress: (input: { percent: number; lastSection?: string; isDone?: boolean }) => post('progress', input),
    note: (input: { quote?: string; body: string }) => post('notes', input),
    discuss: (body: string) => post('discussion', { body }),
    publishNotes: () => post('publish-notes'),
    vote: (decision: MeetingDecision) => post('votes', { decision }),
    /** Ends the meeting with its decision; the answer also says which initiatives the decision moved in the pipeline. */
    end: (input: { decision?: MeetingDecision; notes: string }) => api<{ meeting: MeetingView; initiatives: ReadingOutcome }>('POST', `${base}/end`, input),
    /** Ends a meeting that cannot or should not finish, with no decision (the facilitator or an admin). */
    cancel: (reason: string) => post('cancel', { reason }),
  };
}

export const documentPath = (orgId: string, documentId: string, query = '') => `/o/${orgId}/documents/${documentId}${query}`;
export const kindLabel = (kind: 'prfaq' | 'memo') => (kind === 'prfaq' ? 'PR/FAQ' : 'Memo');
