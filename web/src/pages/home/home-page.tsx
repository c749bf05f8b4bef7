import type { z } from '@hono/zod-openapi';
import { useEffect, useState, type ReactNode } from 'react';
import { GATE_WAIT_DAYS } from '../../../../src/domain/initiatives/leadership-attention.js';
import { PEOPLE_LIMITS } from '../../../../src/domain/people/people-rules.js';
import type { HomeSchema, LeadershipItemSchema, NeedsYouItemSchema } from '../../../../src/server/routes/home/home.schema.js';
import { Button } from '../../components/button.js';
import { FormMessage, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatAgo, formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { documentPath } from '../documents/documents-api.js';
import { STAGE_LABELS } from '../pipeline/pipeline-types.js';
import { formatWeek } from '../wbr/wbr-format.js';
import './home.css';

// The same schemas the server answers with, so a renamed field is a type error here.
type Home = z.infer<typeof HomeSchema>;
type StepId = Home['gettingStarted'][number]['id'];
type NeedsYouItem = z.infer<typeof NeedsYouItemSchema>;
type LeadershipItem = z.infer<typeof LeadershipItemSchema>;

/** What each first step is for, in one sentence, and where it is done. */
const STEPS: Record<StepId, { title: string; purpose: string; path: string; linkText: string }> = {
  join_org_chart: {
    title: 'Add yourself to the org chart',
    purpose: 'Owners, interviewers and single-threaded leaders are people on the chart; signing up made you a login, not yet one of them.',
    path: 'people',
    linkText: 'People',
  },
  add_people: {
    title: 'Add or import your people',
    purpose: 'The org chart is who reports to whom: reviews, hiring loops and single-threaded teams all read it. Import a CSV to add everyone at once.',
    path: 'people',
    linkText: 'Add or import people',
  },
  review_principles: {
    title: 'Review the leadership principles',
    purpose: 'Principles are how people decide without asking: interviews, reviews and promotions are scored against them. Edit, add or retire one to make them yours.',
    path: 'principles',
    linkText: 'Open the principles',
  },
  write_prfaq: {
    title: 'Write a first PR/FAQ',
    purpose: 'A press release and FAQ written before building: it makes you start from the customer and is read in silence at a reading meeting.',
    path: 'documents?new=prfaq',
    linkText: 'Start a PR/FAQ',
  },
  add_input_metrics: {
    title: 'Add input metrics to the catalog',
    purpose: 'Inputs are the levers a team controls, which move the outputs you care about; each has an owner who answers for it every week.',
    path: 'metrics',
    linkText: 'Open the metric catalog',
  },
  set_up_wbr: {
    title: 'Set up a weekly business review deck',
    purpose: 'Once a week, leaders read the metrics together; unusual weeks become anomalies with an owner and a root cause.',
    path: 'wbr',
    linkText: 'Set up a deck',
  },
  open_requisition: {
    title: 'Open a requisition',
    purpose: 'Every hire starts with a requisition; its candidates meet a loop of interviewers with a bar raiser who keeps the bar high.',
    path: 'hiring',
    linkText: 'Open hiring',
  },
};

const DISMISSED_KEY = (userId: string, orgId: string) => `pulse-home-getting-started-dismissed:${userId}:${orgId}`;

function readDismissed(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'yes';
  } catch {
    return false;
  }
}

function writeDismissed(key: string, isDismissed: boolean): void {
  try {
    if (isDismissed) localStorage.setItem(key, 'yes');
    else localStorage.removeItem(key);
  } catch {
    // Storage refused (private mode): the choice lasts until the page is reloaded.
  }
}

/** Defaults the person can change before adding themself; the server takes whatever they give. */
function defaultRole(membership: Membership): { role: string; level: number } {
  if (membership.role === 'admin') return { role: 'Founder', level: 8 };
  if (membership.role === 'recruiter') return { role: 'Recruiter', level: 5 };
  return { role: 'Team member', level: 5 };
}

/** An org's home: the first steps while the org is new, and what waits for the signed-in person across the mechanisms. */
export function HomePage({ membership, currentUserId }: { membership: Membership; currentUserId: string }) {
  const orgId = membership.org.id;
  const home = useResource((signal) => api<Home>('GET', `/orgs/${orgId}/home`, undefined, { signal }), orgId);
  const dismissedKey = DISMISSED_KEY(currentUserId, orgId);
  const [isDismissed, setDismissed] = useState(() => readDismissed(dismissedKey));
  // Where the keyboard goes after an action that removes the control it was on: the control that takes its place.
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  const [addedAs, setAddedAs] = useState<string | null>(null);
  useEffect(() => {
    if (focusAfter === null) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(null);
  });
  const dismiss = (value: boolean) => {
    writeDismissed(dismissedKey, value);
    setDismissed(value);
    setFocusAfter(value ? 'home-restore' : 'getting-started-title');
  };
  const addedSelf = (role: string, level: number) => {
    setAddedAs(`You are on the org chart as ${role}, level ${level}. An admin sets your manager on People.`);
    setFocusAfter('home-added');
    home.reload();
  };

  const steps = home.data?.gettingStarted ?? [];
  const isSetUp = steps.every((step) => step.isDone);
  const lead = home.data && !isSetUp && !isDismissed ? `The first steps while ${membership.org.name} is new, and what waits for you.` : `What waits for you in ${membership.org.name}, most urgent first.`;

  return (
    <Page title="Home" context={membership.org.name} lead={<p>{lead}</p>}>
      {home.isLoading && !home.data && <LoadingNote label="Loading your home…" />}
      {home.error && <ErrorNote message={home.error} onRetry={home.reload} />}
      {home.data && (
        <>
          {addedAs !== null && (
            <p id="home-added" className="form-message form-message--success" role="status" tabIndex={-1}>
              {addedAs}
            </p>
          )}
          {!isSetUp && !isDismissed && <GettingStarted orgId={orgId} membership={membership} steps={steps} onAddedSelf={addedSelf} onDismiss={() => dismiss(true)} />}
          <NeedsYou orgId={orgId} items={home.data.needsYou} isOnChart={home.data.personId !== null} />
          {home.data.leadership !== null && <Leadership orgId={orgId} items={home.data.leadership} />}
          {!isSetUp && isDismissed && (
            <p className="home__restore">
              <Button id="home-restore" variant="quiet" size="small" onClick={() => dismiss(false)}>
                Show the getting-started steps
              </Button>
            </p>
          )}
        </>
      )}
    </Page>
  );
}

function GettingStarted({ orgId, membership, steps, onAddedSelf, onDismiss }: { orgId: string; membership: Membership; steps: Home['gettingStarted']; onAddedSelf(role: string, level: number): void; onDismiss(): void }) {
  const doneCount = steps.filter((step) => step.isDone).length;
  return (
    <section className="panel home-start" aria-labelledby="getting-started-title">
      <div className="home-start__header">
        <div>
          <h2 id="getting-started-title" className="panel__title home-start__title" tabIndex={-1}>
            Getting started
          </h2>
          <p className="home-start__progress">
            {doneCount} of {steps.length} done. Each step is ticked when the org&apos;s data shows it, and leads to the page where it is done.
          </p>
        </div>
        <Button variant="quiet" size="small" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      <ol className="home-start__steps">
        {steps.map((step) => {
          const text = STEPS[step.id];
          return (
            <li key={step.id} className={step.isDone ? 'home-start__step home-start__step--done' : 'home-start__step'}>
              <span className="home-start__mark" aria-hidden="true">
                {step.isDone ? '✓' : ''}
              </span>
              <div className="home-start__body">
                <h3 className="home-start__step-title">
                  <span className="visually-hidden">{step.isDone ? 'Done: ' : 'To do: '}</span>
                  {text.title}
                </h3>
                <p className="home-start__purpose">{text.purpose}</p>
                {step.id === 'join_org_chart' && !step.isDone ? (
                  <AddMeForm orgId={orgId} membership={membership} onAdded={onAddedSelf} />
                ) : (
                  !step.isDone && (
                    <Link to={`/o/${orgId}/${text.path}`} className="home-start__link">
                      {text.linkText}
                    </Link>
                  )
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** One click puts the person on the chart; role and level come prefilled and can be changed first. */
function AddMeForm({ orgId, membership, onAdded }: { orgId: string; membership: Membership; onAdded(role: string, level: number): void }) {
  const defaults = defaultRole(membership);
  const [role, setRole] = useState(defaults.role);
  const [level, setLevel] = useState(String(defaults.level));
  const form = useApiForm(['role', 'level']);
  return (
    <form
      className="home-start__me"
      aria-label="Add me to the org chart"
      noValidate
      onSubmit={form.handleSubmit(async () => {
        await api('POST', `/orgs/${orgId}/people/me`, { role, level: Number(level) });
        onAdded(role.trim(), Number(level));
      })}
    >
      <FormMessage message={form.formError} />
      <div className="home-start__me-fields">
        <TextField label="Your role" name="role" value={role} maxLength={PEOPLE_LIMITS.roleMaxLength} onChange={(event) => setRole(event.target.value)} error={form.errorFor('role')} />
        <TextField label="Level" name="level" type="number" inputMode="numeric" min={PEOPLE_LIMITS.minLevel} max={PEOPLE_LIMITS.maxLevel} value={level} onChange={(event) => setLevel(event.target.value)} error={form.errorFor('level')} />
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Add me to the org chart
        </Button>
      </div>
      <p className="field__hint">Your name and email come from your account. A manager can be set later on People.</p>
    </form>
  );
}

function NeedsYou({ orgId, items, isOnChart }: { orgId: string; items: NeedsYouItem[]; isOnChart: boolean }) {
  return (
    <section className="panel home-needs" aria-labelledby="needs-you-title">
      <h2 id="needs-you-title" className="panel__title">
        Needs you
      </h2>
      {items.length === 0 ? (
        <div className="home-needs__empty">
          <p className="home-needs__empty-title">Nothing waits for you.</p>
          <p>
            Interview feedback you owe, reading meetings you attend, business review anomalies you own, reviews of your reports, deals past their close date and the initiatives you lead when they wait at a gate or are at risk will appear here, most urgent first.
            {!isOnChart && ' Most of them are about people on the org chart, so add yourself to it first.'}
          </p>
        </div>
      ) : (
        <ul className="home-needs__list">
          {items.map((item) => (
            <NeedsYouRow key={itemKey(item)} orgId={orgId} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function itemKey(item: NeedsYouItem): string {
  switch (item.kind) {
    case 'interview_feedback':
    case 'run_debrief':
      return `${item.kind}/${item.candidateId}`;
    case 'reading_meeting':
      return `${item.kind}/${item.meetingId}`;
    case 'review_requested':
      return `${item.kind}/${item.requestId}`;
    case 'anomaly':
      return `${item.kind}/${item.anomalyId}`;
    case 'reviews_owed':
      return `${item.kind}/${item.cycle.id}`;
    case 'deal_past_close':
      return `${item.kind}/${item.opportunityId}`;
    case 'initiative_you_lead':
      return `${item.kind}/${item.initiativeId}`;
  }
}

const MEETING_PHASE = { scheduled: 'Reading meeting, not started yet', reading: 'Reading now', discussion: 'Discussion open' } as const;

function names(people: ReadonlyArray<{ name: string }>): string {
  const all = people.map((person) => person.name);
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)!}`;
}

function NeedsYouRow({ orgId, item }: { orgId: string; item: NeedsYouItem }) {
  let what: string;
  let link: string;
  let title: ReactNode;
  let detail: ReactNode;
  let tag: { text: string; isUrgent: boolean } | undefined;
  switch (item.kind) {
    case 'interview_feedback':
      what = 'Interview feedback';
      link = `/o/${orgId}/hiring/${item.requisition.id}?candidate=${item.candidateId}`;
      title = `Write your feedback on ${item.candidateName}`;
      detail = `${item.requisition.role}, level ${item.requisition.level} · interviewed ${formatDateTime(item.interviewAt)} · due ${formatDateTime(item.dueAt)}${item.lastReminder ? ` · reminded ${formatAgo(item.lastReminder.remindedAt)} by ${item.lastReminder.remindedBy}` : ''}`;
      tag = item.isOverdue ? { text: 'Overdue', isUrgent: true } : { text: 'Due', isUrgent: false };
      break;
    case 'run_debrief':
      what = 'Debrief';
      link = `/o/${orgId}/hiring/${item.requisition.id}?candidate=${item.candidateId}`;
      title = `Run the debrief on ${item.candidateName}`;
      detail = `${item.requisition.role}, level ${item.requisition.level} · every interviewer's feedback is in`;
      break;
    case 'reading_meeting':
      what = 'Reading meeting';
      link = documentPath(orgId, item.documentId, `?meeting=${item.meetingId}`);
      title = item.documentTitle;
      detail = `${MEETING_PHASE[item.phase]}${item.isFacilitator ? ' · you facilitate it' : ''}`;
      tag = item.isVoteAwaited ? { text: 'Your vote', isUrgent: item.phase !== 'scheduled' } : undefined;
      break;
    case 'review_requested':
      what = 'Review requested';
      link = documentPath(orgId, item.documentId, '?tab=review');
      title = item.documentTitle;
      detail = `${item.requestedBy.name} asked you ${formatAgo(item.requestedAt)}: read it and vote compelling or not yet`;
      tag = { text: 'Your vote', isUrgent: false };
      break;
    case 'anomaly':
      what = 'Business review anomaly';
      link = `/o/${orgId}/wbr/${item.deck.id}`;
      title = `Explain ${item.metric}`;
      detail = `${item.deck.name} · since the week ending ${formatWeek(item.firstWeekEnding)}${item.carriedOver ? ' · carried over' : ''}`;
      tag = { text: 'Open', isUrgent: item.carriedOver };
      break;
    case 'reviews_owed':
      what = 'Reviews';
      link = `/o/${orgId}/reviews/${item.cycle.id}`;
      title = `Review ${item.people.length === 1 ? item.people[0]!.name : `${item.people.length} of your reports`}`;
      detail = `${item.cycle.name}${item.people.length > 1 ? ` · ${names(item.people)}` : ''}`;
      break;
    case 'deal_past_close':
      what = 'Sales deal';
      link = `/o/${orgId}/sales/${item.opportunityId}`;
      title = `${item.accountName}: ${item.name}`;
      detail = `Expected to close ${formatWeek(item.closeDate)}, still in ${item.stage}: move it on or change the date`;
      tag = { text: 'Past close date', isUrgent: false };
      break;
    case 'initiative_you_lead':
      // The lines the leadership reads about it, as one: its wait at the gate first, then its risks.
      what = initiativeWhat('You lead it', item);
      link = `/o/${orgId}/pipeline/${item.initiativeId}`;
      title = item.name;
      detail = <InitiativeReasons messages={[...(item.gateWait === null ? [] : [item.gateWait.message]), ...item.reasons.map((reason) => reason.message)]} />;
      tag = item.gateWait !== null ? gateWaitTag(item.gateWait.days) : { text: 'At risk', isUrgent: false };
      break;
  }
  return <HomeRow what={what} link={link} title={title} tag={tag} detail={detail} />;
}

/** One line of Home: what kind of thing waits, the record that resolves it, a tag, and why it is listed. */
function HomeRow({ what, link, title, tag, detail }: { what: string; link: string; title: ReactNode; tag: { text: string; isUrgent: boolean } | undefined; detail: ReactNode }) {
  return (
    <li className="home-needs__item">
      <span className="home-needs__what">{what}</span>
      <Link to={link} className="home-needs__link">
        {title}
      </Link>
      {tag && <span className={tag.isUrgent ? 'badge home-needs__tag home-needs__tag--urgent' : 'badge badge--muted home-needs__tag'}>{tag.text}</span>}
      <span className="home-needs__detail">{detail}</span>
    </li>
  );
}

/** An initiative's stage (and pause) after what the line is about: "At risk · Staffing, paused". */
function initiativeWhat(prefix: string, item: { stage: keyof typeof STAGE_LABELS; status: 'active' | 'paused' }): string {
  return `${prefix} · ${STAGE_LABELS[item.stage]}${item.status === 'paused' ? ', paused' : ''}`;
}

const gateWaitTag = (days: number) => ({ text: `${days} days`, isUrgent: false });

/** Why an initiative is listed, in the server's words: one reason a sentence, each on its own line when there are several. */
function InitiativeReasons({ messages }: { messages: string[] }) {
  if (messages.length === 1) return <>{messages[0]}</>;
  return (
    <>
      {messages.map((message) => (
        <span key={message} className="home-needs__reason">
          {message}
        </span>
      ))}
    </>
  );
}

/**
 * What waits on the leadership across initiatives (admins only; the server decides and sends null to others): the
 * decisions nobody has recorded, then the initiatives at risk. Each line opens the record that resolves it.
 */
function Leadership({ orgId, items }: { orgId: string; items: LeadershipItem[] }) {
  const decisions = items.filter((item) => item.kind !== 'initiative_at_risk');
  const risks = items.filter((item) => item.kind === 'initiative_at_risk');
  return (
    <section className="panel home-needs home-leadership" aria-labelledby="leadership-title">
      <h2 id="leadership-title" className="panel__title">
        Waiting on the leadership
      </h2>
      {items.length === 0 ? (
        <div className="home-needs__empty">
          <p className="home-needs__empty-title">No decision waits on the leadership, and no initiative is at risk.</p>
          <p>
            Readings that are over with no decision recorded, press releases with votes and no verdict, and initiatives waiting at a gate for {GATE_WAIT_DAYS} days or more will appear here. So will initiatives at risk: active past approval or paused with no single-threaded leader, open anomalies on their metrics, open roles on their teams.{' '}
            <Link to={`/o/${orgId}/pipeline`}>Open the pipeline</Link> to see every initiative. An initiative you lead yourself is under Needs you, not here.
          </p>
        </div>
      ) : (
        <>
          <LeadershipGroup id="leadership-decisions" title="Decisions waiting" empty="No reading, verdict or gate waits on a decision." orgId={orgId} items={decisions} />
          <LeadershipGroup id="leadership-risks" title="At risk" empty="No living initiative lacks a leader, has open anomalies or open roles." orgId={orgId} items={risks} />
        </>
      )}
    </section>
  );
}

function LeadershipGroup({ id, title, empty, orgId, items }: { id: string; title: string; empty: string; orgId: string; items: LeadershipItem[] }) {
  return (
    <div className="home-leadership__group" role="group" aria-labelledby={id}>
      <h3 id={id} className="home-leadership__title">
        {title} <span className="home-leadership__count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="home-leadership__none">{empty}</p>
      ) : (
        <ul className="home-needs__list">
          {items.map((item) => (
            <LeadershipRow key={leadershipKey(item)} orgId={orgId} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}

function leadershipKey(item: LeadershipItem): string {
  switch (item.kind) {
    case 'reading_undecided':
      return `${item.kind}/${item.meetingId}`;
    case 'press_release_unjudged':
      return `${item.kind}/${item.documentId}`;
    case 'gate_waiting':
    case 'initiative_at_risk':
      return `${item.kind}/${item.initiativeId}`;
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function LeadershipRow({ orgId, item }: { orgId: string; item: LeadershipItem }) {
  let what: string;
  let link: string;
  let title: string;
  let why: ReactNode;
  let tag: { text: string; isUrgent: boolean } | undefined;
  switch (item.kind) {
    case 'reading_undecided': {
      const { count, waitingFor } = item.approvers;
      what = 'Reading review';
      link = documentPath(orgId, item.documentId, `?meeting=${item.meetingId}`);
      title = item.documentTitle;
      why = `The reading is over (started ${formatDateTime(item.startedAt)}) and no decision is recorded: ${
        count === 0 ? `${item.facilitator.name} records it` : waitingFor > 0 ? `${waitingFor} of ${plural(count, 'approver')} still to vote` : `every approver voted; ${item.facilitator.name} ends the meeting with their decision`
      }.`;
      tag = { text: 'No decision', isUrgent: true };
      break;
    }
    case 'press_release_unjudged':
      what = 'Press release';
      link = documentPath(orgId, item.documentId, '?tab=review');
      title = item.documentTitle;
      why = `${item.initiative === null ? '' : `The PR/FAQ of ${item.initiative.name}. `}Votes on version ${item.version}: ${[item.votes.compelling > 0 ? `${item.votes.compelling} compelling` : '', item.votes.notYet > 0 ? `${item.votes.notYet} not yet` : ''].filter(Boolean).join(', ')}, the last one ${formatAgo(item.lastVoteAt)}. No verdict: a reviewer who did not write it records one.`;
      tag = { text: 'No verdict', isUrgent: false };
      break;
    case 'gate_waiting':
      what = 'Waiting at a gate';
      link = `/o/${orgId}/pipeline/${item.initiativeId}`;
      title = item.name;
      why = item.message;
      tag = gateWaitTag(item.days);
      break;
    case 'initiative_at_risk':
      what = initiativeWhat('At risk', item);
      link = `/o/${orgId}/pipeline/${item.initiativeId}`;
      title = item.name;
      why = <InitiativeReasons messages={item.reasons.map((reason) => reason.message)} />;
      tag = item.reasons.some((reason) => reason.risk === 'no_leader' || reason.risk === 'paused_without_leader') ? { text: 'No leader', isUrgent: true } : undefined;
      break;
  }
  return <HomeRow what={what} link={link} title={title} tag={tag} detail={why} />;
}
