import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { OfferAnswer } from '../domain/hiring/offer-rules.js';
import type { RejectionReason } from '../domain/hiring/rejection-rules.js';
import type { InitiativeStage } from '../domain/initiatives/stages.js';
import type { ObjectionStatus, OpportunityStage } from '../domain/sales/opportunity-rules.js';

/**
 * Hand-written table types: the single description of the schema that queries are checked against.
 * Keep in step with the migrations in ./migrations.
 */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in on insert (default now()) and code may update. */
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string, string>;
/**
 * A bigserial id: int8, which src/storage/database.ts parses to a JS number. Typed as what the driver hands back, so
 * that sending one where the API declares a string id fails to compile instead of reaching clients as a number.
 */
type BigSerialId = Generated<number>;

export type MembershipRole = 'admin' | 'member' | 'recruiter';

export interface OrgsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** SHA-256 of the session token: a stolen database does not yield usable cookies. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown so people can tell tokens apart. */
  token_prefix: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** When the token stops working; null for never. */
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** `read`: only GET and HEAD requests; `write`: everything the owner's role allows. */
  scope: ColumnType<ApiTokenScope, ApiTokenScope | undefined, ApiTokenScope>;
}

export type ApiTokenScope = 'read' | 'write';

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: MembershipRole;
  token_hash: string;
  invited_by: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
}

export interface LoginAttemptsTable {
  id: BigSerialId;
  /** `email:<address>` or `ip:<address>`: failures are counted per account and per client. */
  key: string;
  attempted_at: CreatedAt;
}

export type PrincipleStatus = 'active' | 'retired';

export interface PrinciplesTable {
  id: Generated<string>;
  org_id: string;
  /** Stable name of a built-in principle (`customer-obsession`); null for ones an org added. */
  slug: string | null;
  position: number;
  status: PrincipleStatus;
  current_version: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PrincipleVersionsTable {
  principle_id: string;
  org_id: string;
  version: number;
  title: string;
  summary: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AuditEventsTable {
  id: BigSerialId;
  org_id: string;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: Json;
  created_at: CreatedAt;
  /** The API token the change was made with (its id and its name then); null for a signed-in person or Pulse itself. */
  api_token_id: ColumnType<string | null, string | null | undefined, string | null>;
  api_token_name: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A JSON column holding a list: written as a JSON string, read back parsed. */
type JsonList<T> = ColumnType<T[], string, string>;

export interface PeopleTable {
  id: Generated<string>;
  org_id: string;
  /** The login this person uses, if any: people can be in the org chart without one. */
  user_id: string | null;
  name: string;
  email: string;
  role: string;
  level: number;
  manager_id: string | null;
  dotted_line_manager_id: string | null;
  /** The day they left the company (YYYY-MM-DD); null while they are here. */
  left_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface InitiativesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  status: 'active' | 'paused' | 'done';
  stl_person_id: string | null;
  created_at: CreatedAt;
  stage: ColumnType<InitiativeStage, InitiativeStage | undefined, InitiativeStage>;
  prfaq_document_id: string | null;
  memo_document_id: string | null;
  stage_changed_at: UpdatedAt;
}

export interface InitiativeTransitionsTable {
  id: BigSerialId;
  org_id: string;
  initiative_id: string;
  from_stage: InitiativeStage;
  to_stage: InitiativeStage;
  reason: string;
  actor_user_id: string | null;
  created_at: CreatedAt;
  /** The document (and its version) the gate passed read: the PR/FAQ's verdict or FAQ, the memo's checks. */
  document_id: string | null;
  document_version: number | null;
  /** The reading meeting whose decision made the move (or whose approval the gate into approved read). */
  reading_meeting_id: string | null;
}

export interface MetricsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  definition: string;
  kind: 'input' | 'output';
  controllable: boolean;
  owner_person_id: string | null;
  unit: ColumnType<string, string | undefined, string>;
  good_direction: 'up' | 'down' | null;
  target: number | null;
  initiative_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OpportunitiesTable {
  id: Generated<string>;
  org_id: string;
  account_name: string;
  name: string;
  owner_person_id: string | null;
  stage: ColumnType<OpportunityStage, OpportunityStage | undefined, OpportunityStage>;
  lost_reason: ColumnType<string, string | undefined, string>;
  amount: number | null;
  /** The direct cost to deliver the deal (its cost of goods sold); null while unknown, never read as zero. */
  delivery_cost: ColumnType<number | null, number | null | undefined, number | null>;
  /** Trimmed, 1 to 60 characters, or null. */
  territory: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'YYYY-MM-DD' (read as text, see the date parser in storage/database.ts). */
  close_date: string | null;
  pr_headline: ColumnType<string, string | undefined, string>;
  pr_problem: ColumnType<string, string | undefined, string>;
  pr_outcome: ColumnType<string, string | undefined, string>;
  pr_quote: ColumnType<string, string | undefined, string>;
  stage_changed_at: UpdatedAt;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OpportunitySuccessCriteriaTable {
  id: Generated<string>;
  org_id: string;
  opportunity_id: string;
  metric: string;
  baseline: ColumnType<string, string | undefined, string>;
  target: ColumnType<string, string | undefined, string>;
  due_on: string | null;
  created_at: CreatedAt;
}

export interface OpportunityObjectionsTable {
  id: Generated<string>;
  org_id: string;
  opportunity_id: string;
  question: string;
  answer: ColumnType<string, string | undefined, string>;
  status: ColumnType<ObjectionStatus, ObjectionStatus | undefined, ObjectionStatus>;
  created_at: CreatedAt;
}

export interface TeamsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  is_single_threaded: ColumnType<boolean, boolean | undefined, boolean>;
  initiative_id: string | null;
  created_at: CreatedAt;
  /** When an admin archived it (out of pickers and lists, takes nothing new); null while in use. */
  archived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AllocationsTable {
  id: Generated<string>;
  org_id: string;
  person_id: string;
  team_id: string | null;
  initiative_id: string | null;
  percent: number;
}

export interface BarRaisersTable {
  org_id: string;
  person_id: string;
  status: 'certified' | 'in_training';
  updated_at: UpdatedAt;
}

export interface RequisitionsTable {
  id: Generated<string>;
  org_id: string;
  role: string;
  level: number;
  team_id: string;
  hiring_manager_id: string;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  /** When it last closed; null while open (a check constraint keeps the two in step). */
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Role template id (`account-executive`); null is "General", the org's principles in their own order. */
  role_template: ColumnType<string | null, string | null | undefined, string | null>;
  /** When it last opened (created, or reopened): an offer made since fills its opening. */
  opened_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

export interface CandidatesTable {
  id: Generated<string>;
  org_id: string;
  requisition_id: string;
  name: string;
  email: string;
  /** When they withdrew; null while still in the process. */
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the hiring side rejected them (before any offer); null otherwise. Never set together with withdrawn_at. */
  rejected_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** One of REJECTION_REASONS; set exactly when rejected_at is. */
  rejection_reason: ColumnType<RejectionReason | null, RejectionReason | null | undefined, RejectionReason | null>;
  rejection_note: ColumnType<string | null, string | null | undefined, string | null>;
  /** The user who rejected them. */
  rejected_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** When they were last reinstated; null if never. Feedback owed on an interview held before it falls due from it. */
  reinstated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface LoopsTable {
  id: Generated<string>;
  org_id: string;
  candidate_id: string;
  interview_at: Timestamp;
  decision: 'hire' | 'no_hire' | null;
  is_better_than_half: boolean | null;
  justification: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A principle as it was worded when assigned or rated: id plus the version then current. */
export interface PrincipleRef {
  principleId: string;
  version: number;
}

export interface LoopSeatsTable {
  loop_id: string;
  org_id: string;
  person_id: string;
  seat: 'interviewer' | 'bar_raiser' | 'shadow';
  principles: JsonList<PrincipleRef>;
  position: number;
}

export interface StoredRating extends PrincipleRef {
  rating: number;
  evidence: string;
}

export interface FeedbackTable {
  loop_id: string;
  org_id: string;
  person_id: string;
  vote: 'strongly_inclined' | 'inclined' | 'not_inclined' | 'strongly_not_inclined';
  ratings: JsonList<StoredRating>;
  submitted_at: Timestamp;
  /** The recruiter or admin who keyed in the scorecard of an interviewer without a login; null when they submitted it. */
  keyed_in_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A reminder sent to an interviewer whose scorecard is late; one a day (UTC) per interviewer and loop. */
export interface FeedbackRemindersTable {
  loop_id: string;
  org_id: string;
  person_id: string;
  reminded_by: string;
  reminded_at: Timestamp;
  /** The UTC day of reminded_at, as 'YYYY-MM-DD': the key that allows one a day. */
  reminded_on: ColumnType<string, string, string>;
}

/** An email to send, written with the decision that causes it (see the outbox-emails migration). */
export interface OutboxEmailsTable {
  id: Generated<string>;
  org_id: string;
  kind: 'invitation' | 'feedback_reminder' | 'reading_meeting' | 'anomaly_owner' | 'interview_seat' | 'review_request' | 'linked_metric_removed' | 'linked_metric_added';
  recipient: string;
  subject: string;
  /** Null once sent or given up: it may carry an invitation's link. */
  text_body: string | null;
  invitation_id: string | null;
  created_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  /** Set while the email waits to be sent (first try or a retry). */
  next_attempt_at: Timestamp | null;
  sent_at: Timestamp | null;
  last_error: string | null;
}

export interface OffersTable {
  id: Generated<string>;
  org_id: string;
  candidate_id: string;
  created_by: string;
  created_at: CreatedAt;
  /** The candidate's answer, recorded once; null while awaited. A declined offer no longer fills the opening. */
  answer: ColumnType<OfferAnswer | null, OfferAnswer | null | undefined, OfferAnswer | null>;
  /** The day they answered (YYYY-MM-DD), set exactly when `answer` is. */
  answered_on: ColumnType<string | null, string | null | undefined, string | null>;
  answer_note: ColumnType<string | null, string | null | undefined, string | null>;
  /** The user who recorded the answer, and when. */
  answered_by: ColumnType<string | null, string | null | undefined, string | null>;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EvidenceEntriesTable {
  id: Generated<string>;
  org_id: string;
  person_id: string;
  principle_id: string;
  principle_version: number;
  text: string;
  author_user_id: string | null;
  created_at: CreatedAt;
  /** When the entry's text or principle was last corrected; null while it reads as written. */
  corrected_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ReviewCyclesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  status: 'open' | 'closed';
  /**
   * The principles a closed cycle was judged against (the org's active ones when it closed, at their version then);
   * null while the cycle is open, which follows the org's active principles (a check constraint keeps the two in step).
   */
  principles: ColumnType<PrincipleRef[] | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface StoredReviewRating extends StoredRating {
  evidenceIds: string[];
}

export interface ReviewsTable {
  id: Generated<string>;
  org_id: string;
  cycle_id: string;
  person_id: string;
  ratings: JsonList<StoredReviewRating>;
  /** The person's role and level when the review was last saved: calibration groups by these, not by today's. */
  role: string;
  level: number;
  reviewer_user_id: string | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface StoredPromotionSection extends PrincipleRef {
  /** Absent in cases written before sections were scored. */
  rating?: number;
  narrative: string;
  evidenceIds: string[];
}

export interface PromotionCasesTable {
  id: Generated<string>;
  org_id: string;
  person_id: string;
  from_level: number;
  target_level: number;
  sections: JsonList<StoredPromotionSection>;
  author_user_id: string | null;
  created_at: CreatedAt;
}

/** The org's writing-check settings as the admin entered them; resolved over the defaults when read. */
export interface WritingSettingsTable {
  org_id: string;
  settings: Json;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface DocumentsTable {
  id: Generated<string>;
  org_id: string;
  kind: 'prfaq' | 'memo';
  visibility: 'org' | 'readers';
  current_version: number;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DocumentMembersTable {
  document_id: string;
  org_id: string;
  user_id: string;
  role: 'author' | 'reader';
}

/** Every save of a document: immutable, so reviews, comments and meetings cite the exact words. */
export interface DocumentVersionsTable {
  document_id: string;
  org_id: string;
  version: number;
  title: string;
  body: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface DocumentSuppressionsTable {
  id: Generated<string>;
  document_id: string;
  org_id: string;
  rule_id: string;
  anchor: string;
  reason: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface DocumentVotesTable {
  id: BigSerialId;
  document_id: string;
  org_id: string;
  version: number;
  reviewer_id: string;
  choice: 'compelling' | 'not_yet';
  reason: string;
  created_at: CreatedAt;
}

/** An author's request that someone review a document (see the review-requests migration). */
export interface DocumentReviewRequestsTable {
  id: Generated<string>;
  org_id: string;
  document_id: string;
  reviewer_id: string;
  requested_by: string;
  /** The current version when it was asked. */
  version: number;
  created_at: CreatedAt;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
}

export interface DocumentCommentsTable {
  id: Generated<string>;
  document_id: string;
  org_id: string;
  /** The version the comment was written on; a reply carries its thread's, so the two are shown together. */
  version: number;
  author_id: string;
  /** The thread this reply answers; null for a thread's first comment (the one anchored to text). */
  parent_id: string | null;
  /** The passage a thread's first comment quotes; null for replies. */
  anchor_start: number | null;
  anchor_end: number | null;
  quote: string | null;
  body: string;
  created_at: CreatedAt;
  /** Set on a thread's first comment while the thread is resolved. */
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface DocumentVerdictsTable {
  id: BigSerialId;
  document_id: string;
  org_id: string;
  version: number;
  verdict: 'compelling' | 'not_yet';
  reason: string;
  decided_by: string;
  created_at: CreatedAt;
}

export interface ReadingMeetingsTable {
  id: Generated<string>;
  org_id: string;
  document_id: string;
  facilitator_id: string;
  reading_minutes: number;
  /** The version frozen at the start: everyone reads the same words. */
  version: number | null;
  started_at: Timestamp | null;
  notes_published_at: Timestamp | null;
  ended_at: Timestamp | null;
  decision: 'approve' | 'iterate' | 'kill' | null;
  decision_notes: string | null;
  created_at: CreatedAt;
}

export interface ReadingMeetingAttendeesTable {
  meeting_id: string;
  org_id: string;
  user_id: string;
  progress_percent: ColumnType<number, number | undefined, number>;
  last_section: string | null;
  done_at: Timestamp | null;
  /** An approver votes after the reading; the meeting's decision is the approvers' (see reading-meeting.ts). */
  is_approver: ColumnType<boolean, boolean | undefined, boolean>;
  vote: 'approve' | 'iterate' | 'kill' | null;
  voted_at: Timestamp | null;
  updated_at: UpdatedAt;
}

export interface ReadingMeetingNotesTable {
  id: Generated<string>;
  meeting_id: string;
  org_id: string;
  author_id: string;
  quote: string | null;
  body: string;
  created_at: CreatedAt;
}

export interface ReadingMeetingPostsTable {
  id: BigSerialId;
  meeting_id: string;
  org_id: string;
  author_id: string;
  body: string;
  created_at: CreatedAt;
}

export interface WbrDecksTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  owner_person_id: string | null;
  config_text: string;
  /** The review's alert thresholds on the week's change (AlertThreshold[] as JSON). */
  alert_thresholds: ColumnType<string, string | undefined, string>;
  data_csv: string | null;
  data_file_name: string | null;
  data_rows: number | null;
  /** Dates come back as `YYYY-MM-DD` (see database.ts). */
  data_first_day: string | null;
  data_last_day: string | null;
  /** The days the data has rows on: [day, rows, first line] per day (DataDay[] as JSON); null for data stored before. */
  data_days: ColumnType<unknown, string | null | undefined, string | null>;
  /** Rows of the data with fewer cells than its header (data-days.ts ShortRows as JSON); null when none. */
  data_short_rows: ColumnType<unknown, string | null | undefined, string | null>;
  data_uploaded_at: Date | null;
  data_uploaded_by_user_id: string | null;
  /** The daily refresh from the deck's queries: its hour (UTC), whose rights it runs with, its next and last run. */
  refresh_hour_utc: number | null;
  refresh_by_user_id: string | null;
  refresh_next_at: Date | null;
  refresh_last_at: Date | null;
  refresh_last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A customer account: deals name it by name; a strategic one has a single-threaded owner. */
export interface AccountsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  is_strategic: ColumnType<boolean, boolean | undefined, boolean>;
  owner_person_id: string | null;
  owner_since: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** What a seller is asked to book in a calendar quarter (named by its first day). */
export interface SalesQuotasTable {
  id: Generated<string>;
  org_id: string;
  person_id: string;
  quarter_start: string;
  amount: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** An org's stage probabilities, once changed from the defaults (won and lost are fixed, so not stored). */
export interface SalesStageProbabilitiesTable {
  org_id: string;
  discovery: number;
  solution: number;
  proposal: number;
  updated_at: UpdatedAt;
}

/** A published week: insert-only (a trigger refuses updates). */
export interface WbrSnapshotsTable {
  id: Generated<string>;
  org_id: string;
  deck_id: string;
  week_ending: string;
  deck_json: string;
  config_text: string;
  data_file_name: string;
  block_count: number;
  /** Every signal the week showed (AnomalySignal[] as JSON), kept with it: alerts depend on thresholds that may change. */
  signals_json: string;
  new_signals: number;
  published_by_user_id: string | null;
  published_at: CreatedAt;
  /** 1 for the week as first published; each correction of the week is the next version (the newest is the week). */
  version: Generated<number>;
  /** Why the week was corrected: set on every correction (version > 1), null on the original. */
  correction_reason: string | null;
}

export interface WbrAnomaliesTable {
  id: Generated<string>;
  org_id: string;
  deck_id: string;
  metric_name: string;
  rule: 'outside_limits' | 'three_of_four_near_limit' | 'eight_on_one_side' | 'wow_alert' | 'yoy_alert';
  direction: 'up' | 'down';
  first_week_ending: string;
  last_week_ending: string;
  /**
   * The weeks (YYYY-MM-DD) whose signals on its metric were given to it, in order: a correction re-dates it from
   * those the latest versions still show. Selected as text[] (node-postgres reads date[] as Dates).
   */
  weeks_seen: string[];
  weeks_signalled: number;
  first_snapshot_id: string;
  owner_person_id: string | null;
  status: ColumnType<'open' | 'explained' | 'resolved', 'open' | 'explained' | 'resolved' | undefined, 'open' | 'explained' | 'resolved'>;
  root_cause: ColumnType<string, string | undefined, string>;
  /** The correction of the week that raised it that no longer shows its signal (it is then off the agenda). */
  withdrawn_by_snapshot_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** What happened on a day to one of a deck's metrics. */
export interface WbrAnnotationsTable {
  id: Generated<string>;
  org_id: string;
  deck_id: string;
  day: string;
  metric_name: string;
  description: string;
  created_by_user_id: string | null;
  created_at: CreatedAt;
}

export interface PlaybookViewsTable {
  org_id: string;
  playbook_slug: string;
  user_id: string;
  /** 'YYYY-MM-DD', the UTC day of the view. */
  viewed_on: string;
}

export interface PlaybookFeedbackTable {
  org_id: string;
  playbook_slug: string;
  user_id: string;
  is_helpful: boolean;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  orgs: OrgsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  login_attempts: LoginAttemptsTable;
  principles: PrinciplesTable;
  principle_versions: PrincipleVersionsTable;
  audit_events: AuditEventsTable;
  people: PeopleTable;
  initiatives: InitiativesTable;
  initiative_transitions: InitiativeTransitionsTable;
  metrics: MetricsTable;
  opportunities: OpportunitiesTable;
  accounts: AccountsTable;
  sales_quotas: SalesQuotasTable;
  sales_stage_probabilities: SalesStageProbabilitiesTable;
  opportunity_success_criteria: OpportunitySuccessCriteriaTable;
  opportunity_objections: OpportunityObjectionsTable;
  wbr_decks: WbrDecksTable;
  wbr_snapshots: WbrSnapshotsTable;
  wbr_anomalies: WbrAnomaliesTable;
  wbr_annotations: WbrAnnotationsTable;
  playbook_views: PlaybookViewsTable;
  playbook_feedback: PlaybookFeedbackTable;
  teams: TeamsTable;
  allocations: AllocationsTable;
  bar_raisers: BarRaisersTable;
  requisitions: RequisitionsTable;
  candidates: CandidatesTable;
  loops: LoopsTable;
  loop_seats: LoopSeatsTable;
  feedback: FeedbackTable;
  feedback_reminders: FeedbackRemindersTable;
  outbox_emails: OutboxEmailsTable;
  offers: OffersTable;
  evidence_entries: EvidenceEntriesTable;
  review_cycles: ReviewCyclesTable;
  reviews: ReviewsTable;
  promotion_cases: PromotionCasesTable;
  writing_settings: WritingSettingsTable;
  documents: DocumentsTable;
  document_members: DocumentMembersTable;
  document_versions: DocumentVersionsTable;
  document_suppressions: DocumentSuppressionsTable;
  document_votes: DocumentVotesTable;
  document_review_requests: DocumentReviewRequestsTable;
  document_comments: DocumentCommentsTable;
  document_verdicts: DocumentVerdictsTable;
  reading_meetings: ReadingMeetingsTable;
  reading_meeting_attendees: ReadingMeetingAttendeesTable;
  reading_meeting_notes: ReadingMeetingNotesTable;
  reading_meeting_posts: ReadingMeetingPostsTable;
}

export type OrgRow = Selectable<OrgsTable>;
export type UserRow = Selectable<UsersTable>;
export type PrincipleRow = Selectable<PrinciplesTable>;
export type PrincipleVersionRow = Selectable<PrincipleVersionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
