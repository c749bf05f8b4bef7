import type { Migration } from 'kysely';
import * as foundation from './2026-11-25T18-00-foundation.js';
import * as documents from './2026-11-25T19-00-documents.js';
import * as people from './2026-11-25T19-10-people.js';
import * as departures from './2026-11-26T01-40-departures.js';
import * as keyedInFeedback from './2026-11-26T02-00-keyed-in-feedback.js';
import * as metricCatalog from './2026-11-26T03-00-metric-catalog.js';
import * as initiativePipeline from './2026-11-26T03-10-initiative-pipeline.js';
import * as wbrReview from './2026-11-26T05-00-wbr-review.js';
import * as playbooks from './2026-11-26T06-00-playbooks.js';
import * as salesDiscovery from './2026-11-26T07-00-sales-discovery.js';
import * as requisitionRoleTemplate from './2026-11-26T07-10-requisition-role-template.js';
import * as salesGrossProfit from './2026-11-26T08-00-sales-gross-profit.js';
import * as wbrScheduledRefresh from './2026-11-26T09-00-wbr-scheduled-refresh.js';
import * as salesAccounts from './2026-11-26T10-00-sales-accounts.js';
import * as meetingApprovers from './2026-11-26T11-00-meeting-approvers.js';
import * as salesQuotas from './2026-11-26T12-00-sales-quotas.js';
import * as wbrAnnotations from './2026-11-26T13-00-wbr-annotations.js';
import * as wbrDataDays from './2026-11-26T20-30-wbr-data-days.js';
import * as oneOpenMeeting from './2026-11-26T21-00-one-open-meeting.js';
import * as reviewRoleLevel from './2026-11-26T21-05-review-role-level.js';
import * as apiTokenExpiryScope from './2026-11-26T21-17-api-token-expiry-scope.js';
import * as reviewCyclePrinciples from './2026-11-26T23-30-review-cycle-principles.js';
import * as auditEventFilters from './2026-11-26T23-32-audit-event-filters.js';
import * as auditEventTimeOrder from './2026-11-27T01-50-audit-event-time-order.js';
import * as search from './2026-11-27T01-51-search.js';
import * as searchTrigrams from './2026-11-27T03-10-search-trigrams.js';
import * as closedDealCloseDate from './2026-11-27T05-20-closed-deal-close-date.js';
import * as commentThreads from './2026-11-27T05-36-comment-threads.js';
import * as wbrWeekCorrections from './2026-11-27T05-49-wbr-week-corrections.js';
import * as salesStageProbabilities from './2026-11-27T07-10-sales-stage-probabilities.js';
import * as feedbackReminders from './2026-11-28T02-30-feedback-reminders.js';
import * as candidateReinstatedAt from './2026-11-28T11-00-candidate-reinstated-at.js';
import * as teamArchivedAt from './2026-11-28T13-00-team-archived-at.js';
import * as wbrAnomalyWeeksSeen from './2026-11-28T13-30-wbr-anomaly-weeks-seen.js';
import * as evidenceCorrectedAt from './2026-11-28T14-00-evidence-corrected-at.js';
import * as offerAnswer from './2026-11-28T15-00-offer-answer.js';
import * as offerHistory from './2026-11-28T16-00-offer-history.js';
import * as transitionEvidence from './2026-11-28T17-00-transition-evidence.js';
import * as outboxEmails from './2026-11-28T17-30-outbox-emails.js';
import * as reviewRequests from './2026-11-28T19-30-review-requests.js';
import * as linkedMetricRemovedEmail from './2026-11-28T20-01-linked-metric-removed-email.js';
import * as wbrAnomalyWithdrawn from './2026-11-27T06-20-wbr-anomaly-withdrawn.js';
import * as requisitionClosedAt from './2026-11-27T06-30-requisition-closed-at.js';
import * as candidateWithdrawal from './2026-11-27T06-31-candidate-withdrawal.js';
import * as candidateRejection from './2026-11-28T02-00-candidate-rejection.js';

/**
 * Every migration, in order, named by ISO timestamp. A static list (not a folder scan) so the compiled
 * build and the tests apply exactly the same set, and a forgotten file is a type error, not a surprise.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-25T18-00-foundation': foundation,
  '2026-11-25T19-00-documents': documents,
  '2026-11-25T19-10-people': people,
  '2026-11-26T01-40-departures': departures,
  '2026-11-26T02-00-keyed-in-feedback': keyedInFeedback,
  '2026-11-26T03-00-metric-catalog': metricCatalog,
  '2026-11-26T03-10-initiative-pipeline': initiativePipeline,
  '2026-11-26T05-00-wbr-review': wbrReview,
  '2026-11-26T06-00-playbooks': playbooks,
  '2026-11-26T07-00-sales-discovery': salesDiscovery,
  '2026-11-26T07-10-requisition-role-template': requisitionRoleTemplate,
  '2026-11-26T08-00-sales-gross-profit': salesGrossProfit,
  '2026-11-26T09-00-wbr-scheduled-refresh': wbrScheduledRefresh,
  '2026-11-26T10-00-sales-accounts': salesAccounts,
  '2026-11-26T11-00-meeting-approvers': meetingApprovers,
  '2026-11-26T12-00-sales-quotas': salesQuotas,
  '2026-11-26T13-00-wbr-annotations': wbrAnnotations,
  '2026-11-26T20-30-wbr-data-days': wbrDataDays,
  '2026-11-26T21-00-one-open-meeting': oneOpenMeeting,
  '2026-11-26T21-05-review-role-level': reviewRoleLevel,
  '2026-11-26T21-17-api-token-expiry-scope': apiTokenExpiryScope,
  '2026-11-26T23-30-review-cycle-principles': reviewCyclePrinciples,
  '2026-11-26T23-32-audit-event-filters': auditEventFilters,
  '2026-11-27T01-50-audit-event-time-order': auditEventTimeOrder,
  '2026-11-27T01-51-search': search,
  '2026-11-27T03-10-search-trigrams': searchTrigrams,
  '2026-11-27T05-20-closed-deal-close-date': closedDealCloseDate,
  '2026-11-27T05-36-comment-threads': commentThreads,
  '2026-11-27T05-49-wbr-week-corrections': wbrWeekCorrections,
  '2026-11-27T06-20-wbr-anomaly-withdrawn': wbrAnomalyWithdrawn,
  '2026-11-27T06-30-requisition-closed-at': requisitionClosedAt,
  '2026-11-27T06-31-candidate-withdrawal': candidateWithdrawal,
  '2026-11-27T07-10-sales-stage-probabilities': salesStageProbabilities,
  '2026-11-28T02-00-candidate-rejection': candidateRejection,
  '2026-11-28T02-30-feedback-reminders': feedbackReminders,
  '2026-11-28T11-00-candidate-reinstated-at': candidateReinstatedAt,
  '2026-11-28T13-00-team-archived-at': teamArchivedAt,
  '2026-11-28T13-30-wbr-anomaly-weeks-seen': wbrAnomalyWeeksSeen,
  '2026-11-28T14-00-evidence-corrected-at': evidenceCorrectedAt,
  '2026-11-28T15-00-offer-answer': offerAnswer,
  '2026-11-28T16-00-offer-history': offerHistory,
  '2026-11-28T17-00-transition-evidence': transitionEvidence,
  '2026-11-28T17-30-outbox-emails': outboxEmails,
  '2026-11-28T19-30-review-requests': reviewRequests,
  '2026-11-28T20-01-linked-metric-removed-email': linkedMetricRemovedEmail,
};
