import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { SelectField, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, pageHeading } from '../../components/page.js';
import { stageLabel } from '../../../../src/domain/initiatives/pipeline-rules.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { api, isApiError } from '../../lib/api-client.js';
import type { Member } from '../../lib/api-types.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useDraftOverNewer } from '../../lib/use-draft-over-newer.js';
import { useResource } from '../../lib/use-resource.js';
import { meetingsApi, type MeetingView, type ReadingOutcome } from './documents-api.js';
import { MarkdownView } from './markdown-view.js';
import { MeetingClock } from './meeting-clock.js';
import { readingFloorHint } from './document-meetings.js';
import { MEETING_LIMITS } from '../../../../src/domain/documents/reading-meeting.js';
import { can } from '../../../../src/domain/accounts/roles.js';

/** The facilitator watches progress and attendees wait for the discussion by polling: simple and enough for a meeting room. */
const POLL_MS = 3000;
const PROGRESS_REPORT_MS = 2000;

const DECISIONS = [
  { value: 'approve', label: 'Approve' },
  { value: 'iterate', label: 'Iterate' },
  { value: 'kill', label: 'Kill' },
] as const;

const PHASE_TEXT = { scheduled: 'Not started', reading: 'Silent reading', discussion: 'Discussion', ended: 'Ended' } as const;

function useMeeting(orgId: string, meetingId: string) {
  const client = meetingsApi(orgId, meetingId);
  const meeting = useResource((signal) => client.get(signal), meetingId);
  const { reload } = meeting;
  const phase = meeting.data?.phase;
  useEffect(() => {
    if (phase === 'ended') return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload, phase]);
  return { client, meeting };
}

interface AttendeeReadingProps {
  meeting: MeetingView;
  onChange(meeting: MeetingView): void;
  client: ReturnType<typeof meetingsApi>;
  /** While the reading runs: the reading layout over the whole screen, with the time left and the side panels in it. */
  focus?: ReadingFocus;
}

/**
 * What the reading view shows around the text: the document's title, the time left, a note said to the reader without
 * taking them from the text (the memo saved again since the start), the side panels, and the way back to the page.
 */
interface ReadingFocus {
  title: string;
  clock: ReactNode;
  notice: string | null;
  side: ReactNode;
  onLeave(): void;
}

function AttendeeReading({ meeting, onChange, client, focus }: AttendeeReadingProps) {
  const me = meeting.myReading;
  const scroller = useRef<HTMLDivElement>(null);
  const lastSent = useRef(me?.percent ?? 0);
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);
  const isDone = me?.isDone ?? false;

  useEffect(() => {
    if (isDone || meeting.phase === 'ended') return;
    const timer = setInterval(() => {
      const element = scroller.current;
      if (!element) return;
      const scrollable = element.scrollHeight - element.clientHeight;
      const percent = scrollable <= 0 ? 100 : Math.round((element.scrollTop / scrollable) * 100);
      if (percent <= lastSent.current) return;
      lastSent.current = percent;
      // A heading is passed once it reaches the top of the pane, measured against the pane itself: offsetTop counts from
      // the page, and the lower the pane sits on it, the earlier the section named (or none). At the end of the text,
      // every heading in view is passed, a short last section's too.
      const paneTop = element.getBoundingClientRect().top;
      const reach = percent >= 100 ? element.clientHeight : 40;
      const headings = [...element.querySelectorAll('h2, h3')].filter((heading) => heading.getBoundingClientRect().top - paneTop <= reach);
      // A heading longer than the server takes would fail every report from here on, silently: send its start.
      const lastSection = headings.at(-1)?.textContent?.slice(0, MEETING_LIMITS.lastSectionMaxLength) ?? undefined;
      client.progress({ percent, ...(lastSection ? { lastSection } : {}) }).then(onChange, () => undefined);
    }, PROGRESS_REPORT_MS);
    return () => clearInterval(timer);
  }, [client, isDone, meeting.phase, onChange]);

  const doneButton = (
    <Button
      variant="primary"
      disabled={isDone}
      isBusy={isBusy}
      onClick={async () => {
        setBusy(true);
        setError(undefined);
        try {
          onChange(await client.progress({ percent: 100, isDone: true }));
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : 'Could not mark done.');
        } finally {
          setBusy(false);
        }
      }}
    >
      {isDone ? 'Done reading' : 'I am done reading'}
    </Button>
  );
  const progressText = <span className="doc-editor__status">Your progress: {me?.percent ?? 0}%</span>;

  if (focus) return <FocusedReading meeting={meeting} focus={focus} scroller={scroller} textLabel="Document to read" status={progressText} action={doneButton} error={error} />;
  return (
    <section className="stack" aria-labelledby="reading-title">
      <h2 id="reading-title" className="panel__title">
        Version {meeting.version}, frozen for everyone
      </h2>
      <div ref={scroller} className="reading-pane" tabIndex={0} role="region" aria-label="Document to read">
        <MarkdownView source={meeting.body ?? ''} />
      </div>
      <div className="inline-form">
        {doneButton}
        {progressText}
      </div>
      {error && <ErrorNote message={error} />}
    </section>
  );
}

interface FocusedReadingProps {
  meeting: MeetingView;
  focus: ReadingFocus;
  scroller: RefObject<HTMLDivElement | null>;
  /** The text's name for assistive technology: the attendee's "Document to read", the facilitator's "Document being read". */
  textLabel: string;
  /** Beside the time left: the reader's own progress, or (to the facilitator) how many have finished. */
  status: ReactNode;
  /** The reader's "I am done reading"; the facilitator, who reads along, has none. */
  action?: ReactNode;
  error?: string | undefined;
}

/**
 * Half an hour of reading, laid out for it: the memo alone on the screen in a column of about 70 characters, one
 * scroll (the text's own, so progress is measured as before), the time left, the progress and "I am done reading"
 * in a bar that never scrolls away, and the attendees and margin notes beside the text (behind a button on a narrow
 * screen). It is drawn over the app, whose sidebar, tabs and page are inert meanwhile: the keyboard stays in the
 * reading, which has the focus from the start, so Page Down and Space turn the text at once.
 */
function FocusedReading({ meeting, focus, scroller, textLabel, status, action, error }: FocusedReadingProps) {
  const [isSideOpen, setSideOpen] = useState(false);
  const bar = useRef<HTMLElement>(null);
  useEffect(() => {
    // A note arriving in the bar (or the bar wrapping anew) makes it taller and pushes the text down under the reader's
    // eyes: the text is scrolled on by as much, so the line being read stays where it was on the screen.
    const element = bar.current;
    if (!element) return;
    let height = element.getBoundingClientRect().height;
    const observer = new ResizeObserver(() => {
      const next = element.getBoundingClientRect().height;
      if (scroller.current && next !== height) scroller.current.scrollTop += next - height;
      height = next;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);
  useEffect(() => {
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    document.documentElement.classList.add('is-reading-focus');
    // The reader starts in the text: the keyboard scrolls it without a click.
    scroller.current?.focus({ preventScroll: true });
    return () => {
      app?.removeAttribute('inert');
      document.documentElement.classList.remove('is-reading-focus');
    };
  }, [scroller]);
  return createPortal(
    <div className="reading-focus">
      <header ref={bar} className="reading-focus__bar">
        <h2 id="reading-title" className="reading-focus__title">
          {focus.title} <span className="reading-focus__version">· version {meeting.version}</span>
        </h2>
        <div className="reading-focus__clock">
          {focus.clock}
          {status}
        </div>
        <div className="reading-focus__actions">
          <Button size="small" className="reading-focus__side-toggle" aria-expanded={isSideOpen} aria-controls="reading-focus-side" onClick={() => setSideOpen((isOpen) => !isOpen)}>
            {isSideOpen ? 'Back to the text' : 'Notes'}
          </Button>
          <Button size="small" variant="quiet" onClick={focus.onLeave}>
            Meeting page
          </Button>
          {action}
        </div>
        {error && <ErrorNote message={error} />}
        {/* Always there, so a screen reader hears the note when it comes; it takes neither the focus nor the scroll. */}
        <p className="reading-focus__notice" role="status">
          {focus.notice}
        </p>
      </header>
      <div className="reading-focus__body">
        <div ref={scroller} className="reading-focus__text" tabIndex={0} role="region" aria-label={textLabel}>
          <MarkdownView source={meeting.body ?? ''} className="markdown--reading" />
        </div>
        <aside id="reading-focus-side" className={`reading-focus__side${isSideOpen ? ' is-open' : ''}`} aria-label="Attendees and margin notes">
          {focus.side}
        </aside>
      </div>
    </div>,
    document.body,
  );
}

/**
 * The frozen version for someone who does not read in the meeting, its facilitator above all: the attendees' reading
 * view, so it reads as they read it. Nothing is reported from it (progress is the attendees'); its bar says, instead
 * of a progress of its own, how many have finished reading.
 */
function FrozenVersionReading({ meeting, focus }: { meeting: MeetingView; focus: ReadingFocus }) {
  const scroller = useRef<HTMLDivElement>(null);
  const finished = meeting.attendees.filter((attendee) => attendee.isDone).length;
  const status = (
    <span className="doc-editor__status">
      {finished} of {meeting.attendees.length} finished reading
    </span>
  );
  return <FocusedReading meeting={meeting} focus={focus} scroller={scroller} textLabel="Document being read" status={status} />;
}

/** Everyone's progress, for the facilitator reading along in the reading view (the page's panel has it otherwise). */
function ReadingProgressPanel({ meeting }: { meeting: MeetingView }) {
  return (
    <section className="panel stack" aria-labelledby="reading-progress-title">
      <h2 id="reading-progress-title" className="panel__title">
        Reading progress
      </h2>
      <AttendeeList meeting={meeting} label="Reading progress" />
    </section>
  );
}

function MarginNotes({ meeting, client, onChange }: { meeting: MeetingView; client: ReturnType<typeof meetingsApi>; onChange(meeting: MeetingView): void }) {
  const [quote, setQuote] = useState('');
  const [body, setBody] = useState('');
  const form = useApiForm(['body', 'quote']);
  const canWrite = meeting.isAttendee && (meeting.phase === 'reading' || meeting.phase === 'discussion');
  return (
    <section className="panel stack" aria-labelledby="notes-title">
      <h2 id="notes-title" className="panel__title">
        {meeting.notesPublishedAt ? 'Margin notes (published)' : meeting.isAttendee ? 'Your margin notes (private)' : 'Margin notes'}
      </h2>
      {meeting.notes.length === 0 && <p className="doc-editor__status">{meeting.isAttendee ? 'Notes you write while reading stay private until the facilitator publishes everyone’s notes together.' : 'The attendees’ notes appear here once you publish them.'}</p>}
      <ul className="findings" aria-label="Margin notes">
        {meeting.notes.map((note) => (
          <li key={note.id} className="comment">
            {note.quote && <p className="comment__quote">“{note.quote}”</p>}
            <MarkdownView source={note.body} className="markdown--compact" />
            <p className="doc-editor__status">{note.author.name}</p>
          </li>
        ))}
      </ul>
      {canWrite && (
        <form
          className="stack"
          aria-label="Add a margin note"
          onSubmit={form.handleSubmit(async () => {
            onChange(await client.note({ body, ...(quote.trim() ? { quote } : {}) }));
            setBody('');
            setQuote('');
          })}
        >
          {form.formError && <ErrorNote message={form.formError} />}
          <TextField label="Passage (optional)" name="quote" value={quote} onChange={(event) => setQuote(event.target.value)} maxLength={500} />
          <TextAreaField label="Note" name="body" value={body} onChange={(event) => setBody(event.target.value)} error={form.errorFor('body')} rows={2} required />
          <Button type="submit" isBusy={form.isPending}>
            Add note
          </Button>
        </form>
      )}
    </section>
  );
}

function Discussion({ meeting, client, onChange }: { meeting: MeetingView; client: ReturnType<typeof meetingsApi>; onChange(meeting: MeetingView): void }) {
  const [body, setBody] = useState('');
  const form = useApiForm(['body']);
  const stillReading = meeting.attendees.filter((attendee) => !attendee.isDone).length;
  return (
    <section className="panel stack" aria-labelledby="discussion-title">
      <h2 id="discussion-title" className="panel__title">
        Discussion
      </h2>
      {meeting.phase === 'scheduled' && (
        <p className="meeting-closed" role="status">
          The discussion is closed: the reading has not started yet.
        </p>
      )}
      {meeting.phase === 'reading' && (
        <p className="meeting-closed" role="status">
          The discussion is closed until everyone has finished reading ({stillReading} still reading)
          {meeting.readingEndsAt ? ` or the reading time is up at ${formatDateTime(meeting.readingEndsAt)}` : ''}.
        </p>
      )}
      <ul className="findings" aria-label="Discussion posts">
        {meeting.discussion.map((post) => (
          <li key={post.id} className="comment">
            <MarkdownView source={post.body} className="markdown--compact" />
            <p className="doc-editor__status">
              {post.author.name} · {formatDateTime(post.createdAt)}
            </p>
          </li>
        ))}
      </ul>
      {meeting.isDiscussionOpen && meeting.phase !== 'ended' && (meeting.isAttendee || meeting.isFacilitator) && (
        <form
          className="stack"
          aria-label="Post to the discussion"
          onSubmit={form.handleSubmit(async () => {
            onChange(await client.discuss(body));
            setBody('');
          })}
        >
          {form.formError && <ErrorNote message={form.formError} />}
          <TextAreaField label="Your point" name="body" value={body} onChange={(event) => setBody(event.target.value)} error={form.errorFor('body')} rows={2} required />
          <Button type="submit" isBusy={form.isPending}>
            Post
          </Button>
        </form>
      )}
    </section>
  );
}

/** An approver's vote, cast blind once the discussion is open; it may change until the facilitator ends the meeting. */
function VotePanel({ meeting, client, onChange }: { meeting: MeetingView; client: ReturnType<typeof meetingsApi>; onChange(meeting: MeetingView): void }) {
  const [error, setError] = useState<string | undefined>();
  const mine = meeting.myVote;
  return (
    <section className="panel stack" aria-labelledby="vote-title">
      <h2 id="vote-title" className="panel__title">
        Your decision
      </h2>
      <p className="doc-editor__status">You are an approver: the meeting ends with the approvers’ decision (approve only if every approver approves; kill if any kills). Others see that you voted, not how, until it ends.</p>
      {error && <ErrorNote message={error} />}
      <div className="form__row" role="group" aria-label="Your vote">
        {DECISIONS.map((option) => (
          <Button
            key={option.value}
            variant={mine === option.value ? 'primary' : 'secondary'}
            aria-pressed={mine === option.value}
            onClick={async () => {
              setError(undefined);
              try {
                onChange(await client.vote(option.value));
              } catch (failure) {
                setError(failure instanceof Error ? failure.message : 'That did not work.');
              }
            }}
          >
            {option.label}
          </Button>
        ))}
      </div>
      {/* The pressed button alone is a colour: the vote is said in words too, and heard when it changes. */}
      <p role="status" className="meeting-outcome">
        {mine ? `Your vote: ${mine}. You may change it until the facilitator ends the meeting.` : 'You have not voted yet.'}
      </p>
    </section>
  );
}

/** Where one attendee is: invited before the start, then done or still reading (how far, to those the server shows it). */
function attendeeStatus(attendee: MeetingView['attendees'][number], phase: MeetingView['phase']): string {
  if (attendee.isDone) return 'done';
  if (phase === 'scheduled') return 'invited';
  if (attendee.percent !== null) return `${attendee.percent}%`;
  return phase === 'ended' ? 'did not finish' : 'reading';
}

/**
 * The attendees and where each is in the reading. The facilitator sees everyone's progress; anyone else who may
 * read the meeting sees who is invited and who has finished, and only their own progress (the server sends no other).
 */
function AttendeeList({ meeting, label }: { meeting: MeetingView; label: string }) {
  return (
    <ul className="progress-list" aria-label={label}>
      {meeting.attendees.map((attendee) => (
        <li key={attendee.person.id}>
          <div>
            {attendee.person.name}: {attendeeStatus(attendee, meeting.phase)}
            {attendee.lastSection ? ` · ${attendee.lastSection}` : ''}
            {attendee.isApprover && <span className="badge badge--muted">{attendee.hasVoted ? 'approver · voted' : 'approver'}</span>}
          </div>
          {(attendee.isDone || attendee.percent !== null) && meeting.phase !== 'scheduled' && (
            <div className="progress-list__bar" aria-hidden="true">
              <span style={{ width: `${attendee.isDone ? 100 : (attendee.percent ?? 0)}%` }} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The attendee list for everyone but the facilitator (whose panel has it with everyone's progress). */
function AttendeesPanel({ meeting }: { meeting: MeetingView }) {
  return (
    <section className="panel stack" aria-labelledby="attendees-title">
      <h2 id="attendees-title" className="panel__title">
        Attendees
      </h2>
      <AttendeeList meeting={meeting} label="Attendees" />
      <p className="doc-editor__status">Everyone at the meeting sees who has finished reading, not how far the others are; notes stay private until the facilitator publishes them.</p>
    </section>
  );
}

interface FacilitatorPanelProps {
  orgId: string;
  meeting: MeetingView;
  client: ReturnType<typeof meetingsApi>;
  onChange(meeting: MeetingView): void;
  onEnded(ended: { meeting: MeetingView; initiatives: ReadingOutcome }): void;
}

const readingTimeTokenOf = (meeting: MeetingView) => meeting.readingTimeToken;
const readingTimeValues = (meeting: MeetingView) => ({ minutes: String(meeting.readingMinutes) });

/**
 * The reading time, changed by the facilitator before the start: never below what the document's current version
 * takes to read (the server refuses with meeting.reading_time_too_short, shown beside the field). The meeting is
 * polled, so a time changed elsewhere (another tab, a script) becomes the form's base while a time typed here stays,
 * and the form says what changed; a save that crosses that change is refused (409) and handled the same way.
 */
function ReadingTimeForm({ meeting, client, onChange }: { meeting: MeetingView; client: ReturnType<typeof meetingsApi>; onChange(meeting: MeetingView): void }) {
  const { read, values, setValues, adopt } = useDraftOverNewer(meeting, readingTimeTokenOf, readingTimeValues);
  // The time this person last saw saved (on opening, or by their own save): another one read since was not theirs.
  const [seenMinutes, setSeenMinutes] = useState(meeting.readingMinutes);
  const form = useApiForm(['readingMinutes']);
  const floor = meeting.readingFloor;
  const minutes = values.minutes;
  const changedElsewhere = read.readingMinutes !== seenMinutes;
  return (
    <form
      className="stack"
      aria-label="Reading time"
      onSubmit={form.handleSubmit(async () => {
        try {
          const saved = await client.setReadingTime(Number(minutes), read.readingTimeToken);
          setSeenMinutes(saved.readingMinutes);
          onChange(saved);
        } catch (error) {
          if (!isStaleWriteRefusal(error)) throw error;
          const latest = await client.get();
          adopt(latest);
          onChange(latest);
        }
      })}
    >
      {form.formError && <ErrorNote message={form.formError} />}
      {changedElsewhere && (
        <p role="status" className="doc-editor__status">
          The reading time was changed to {read.readingMinutes} minutes since you opened this meeting (it was {seenMinutes}).
          {minutes !== String(read.readingMinutes) && ` Your ${minutes} minutes are kept here: save to put them in its place.`}
        </p>
      )}
      <TextField
        label="Reading time (minutes)"
        name="readingMinutes"
        type="number"
        min={MEETING_LIMITS.minReadingMinutes}
        max={MEETING_LIMITS.maxReadingMinutes}
        value={minutes}
        onChange={(event) => setValues({ minutes: event.target.value })}
        hint={floor && readingFloorHint(floor, meeting.documentKind)}
        error={form.errorFor('readingMinutes')}
      />
      <Button type="submit" isBusy={form.isPending}>
        Change the reading time
      </Button>
    </form>
  );
}

/** Names joined for a sentence: "Ann", "Ann and Bob", "Ann, Bob and Carl". */
function namesText(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The attendees, changed by the facilitator before the start. What is ticked here is kept as the people this person
 * added and removed, laid over the meeting as last read (it is polled): someone a colleague added meanwhile stays,
 * and the form says who came and went. A save that crosses a change is refused (409), read again, and kept the same
 * way. Approvers follow the server's default (every attendee who is not an author).
 */
function AttendeesForm({ orgId, meeting, client, onChange }: { orgId: string; meeting: MeetingView; client: ReturnType<typeof meetingsApi>; onChange(meeting: MeetingView): void }) {
  const members = useResource(async (signal) => (await api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`, undefined, { signal })).members, orgId);
  const [added, setAdded] = useState<readonly string[]>([]);
  const [removed, setRemoved] = useState<readonly string[]>([]);
  const current = meeting.attendees.map((attendee) => attendee.person);
  // The attendees this person last saw saved (on opening, or by their own save): a difference came from elsewhere.
  const [seen, setSeen] = useState(() => current);
  const form = useApiForm(['attendeeIds']);
  const chosen = [...current.map((person) => person.id).filter((id) => !removed.includes(id)), ...added.filter((id) => !current.some((person) => person.id === id))];
  const nameOf = (id: string) => [...current, ...seen].find((person) => person.id === id)?.name ?? members.data?.find((member) => member.userId === id)?.name ?? 'Someone';
  const cameIn = current.filter((person) => !seen.some((other) => other.id === person.id)).map((person) => person.name);
  const wentOut = seen.filter((person) => !current.some((other) => other.id === person.id)).map((person) => person.name);
  const candidates = (members.data ?? []).filter((member) => member.userId !== meeting.facilitator.id && can(member.role, 'documents.read'));
  const toggle = (id: string, isChecked: boolean) => {
    const isCurrent = current.some((person) => person.id === id);
    setAdded((list) => (isChecked && !isCurrent ? [...list, id] : list.filter((other) => other !== id)));
    setRemoved((list) => (!isChecked && isCurrent ? [...list, id] : list.filter((other) => other !== id)));
  };
  return (
    <form
      className="stack"
      aria-label="Attendees"
      noValidate
      onSubmit={form.handleSubmit(async () => {
        try {
          const saved = await client.setAttendees(chosen, meeting.attendeesToken);
          setAdded([]);
          setRemoved([]);
          setSeen(saved.attendees.map((attendee) => attendee.person));
          onChange(saved);
        } catch (error) {
          if (!isStaleWriteRefusal(error)) throw error;
          // Changed since the last poll: read it again; the ticks made here stay over it.
          onChange(await client.get());
        }
      })}
    >
      {form.formError && <ErrorNote message={form.formError} />}
      {(cameIn.length > 0 || wentOut.length > 0) && (
        <p role="status" className="doc-editor__status">
          Since you opened this meeting{cameIn.length > 0 ? `, ${namesText(cameIn)} ${cameIn.length === 1 ? 'was' : 'were'} added` : ''}
          {wentOut.length > 0 ? `${cameIn.length > 0 ? ' and' : ','} ${namesText(wentOut)} ${wentOut.length === 1 ? 'was' : 'were'} removed` : ''}.
          {(added.length > 0 || removed.length > 0) && ' Your changes are kept over theirs: save to apply them.'}
        </p>
      )}
      <fieldset className="stack">
        <legend>Attendees</legend>
        {candidates.map((member) => (
          <label key={member.userId}>
            <input type="checkbox" checked={chosen.includes(member.userId)} onChange={(event) => toggle(member.userId, event.target.checked)} /> {member.name}
          </label>
        ))}
        {/* An attendee the member list does not show (still loading, or no longer a member) stays listed by name. */}
        {chosen.filter((id) => !candidates.some((member) => member.userId === id)).map((id) => (
          <label key={id}>
            <input type="checkbox" checked onChange={(event) => toggle(id, event.target.checked)} /> {nameOf(id)}
          </label>
        ))}
        {form.errorFor('attendeeIds') && <p className="field__error">{form.errorFor('attendeeIds')}</p>}
      </fieldset>
      <Button type="submit" isBusy={form.isPending} disabled={added.length === 0 && removed.length === 0}>
        Save the attendees
      </Button>
    </form>
  );
}

function FacilitatorPanel({ orgId, meeting, client, onChange, onEnded }: FacilitatorPanelProps) {
  const [decision, setDecision] = useState<'approve' | 'iterate' | 'kill'>('iterate');
  const [notes, setNotes] = useState('');
  const hasApprovers = meeting.approvers.count > 0;
  // Publishing the notes and ending the meeting cannot be undone: each asks in a dialog first.
  const [isConfirmingPublish, setConfirmingPublish] = useState(false);
  const [isConfirmingEnd, setConfirmingEnd] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>();
  const run = async (action: () => Promise<MeetingView>) => {
    setActionError(undefined);
    try {
      onChange(await action());
    } catch (failure) {
      setActionError(failure instanceof Error ? failure.message : 'That did not work.');
    }
  };
  return (
    <section className="panel stack" aria-labelledby="facilitator-title">
      <h2 id="facilitator-title" className="panel__title" tabIndex={-1}>
        Facilitator
      </h2>
      {actionError && <ErrorNote message={actionError} />}
      {meeting.phase === 'scheduled' && (
        <>
          <ReadingTimeForm meeting={meeting} client={client} onChange={onChange} />
          <AttendeesForm orgId={orgId} meeting={meeting} client={client} onChange={onChange} />
          {meeting.readingFloor && meeting.readingFloor.minutes > meeting.readingMinutes && (
            <p role="status" className="doc-editor__status">
              The document has grown to {meeting.readingFloor.words.toLocaleString('en-US')} words (version {meeting.readingFloor.version}) since this meeting was set up: the reading time will be raised to{' '}
              {meeting.readingFloor.minutes} minutes at the start.
            </p>
          )}
          <Button variant="primary" onClick={() => run(client.start)}>
            Start the reading ({Math.max(meeting.readingMinutes, meeting.readingFloor?.minutes ?? 0)} min)
          </Button>
        </>
      )}
      <AttendeeList meeting={meeting} label="Reading progress" />
      {meeting.isDiscussionOpen && meeting.phase !== 'ended' && !meeting.notesPublishedAt && <Button onClick={() => setConfirmingPublish(true)}>Publish everyone’s notes</Button>}
      {/* The button goes once the notes are out: the keyboard goes to the notes, now everyone's. */}
      <ConfirmDialog
        title="Publish everyone’s notes?"
        isOpen={isConfirmingPublish}
        isDestructive={false}
        description={<p>Every attendee’s margin notes, private until now, become visible to everyone at the meeting. They cannot be made private again.</p>}
        confirmLabel="Publish notes"
        cancelLabel="Not yet"
        onConfirm={async () => onChange(await client.publishNotes())}
        onClose={() => setConfirmingPublish(false)}
        focusAfterConfirm={() => document.getElementById('facilitator-title')}
      />
      {meeting.phase === 'discussion' && (
        <form
          className="stack"
          aria-label="End with a decision"
          onSubmit={(event) => {
            event.preventDefault();
            setConfirmingEnd(true);
          }}
        >
          {hasApprovers ? (
            <p role="status" className="meeting-outcome">
              {/* A facilitator who also approves votes blind like the others: the server shows their decision only once they have voted. */}
              {meeting.approvers.decision === null
                ? `The decision is the approvers': ${meeting.approvers.waitingFor} of ${meeting.approvers.count} still to vote${meeting.isApprover && meeting.myVote === null ? ', you among them (under Your decision)' : ''}.`
                : `The approvers decided: ${meeting.approvers.decision}.`}
            </p>
          ) : (
            <SelectField label="Decision" name="decision" value={decision} options={DECISIONS} onChange={(value) => setDecision(value === 'approve' ? 'approve' : value === 'kill' ? 'kill' : 'iterate')} />
          )}
          <TextAreaField label="Decision notes" name="notes" value={notes} onChange={(event) => setNotes(event.target.value)} rows={3} required />
          <Button type="submit" variant="primary" disabled={hasApprovers && meeting.approvers.decision === null}>
            End the meeting
          </Button>
        </form>
      )}
      {/* Ending replaces this panel's form with the decision: the keyboard goes to the panel's title. */}
      <ConfirmDialog
        title="End the meeting?"
        isOpen={isConfirmingEnd}
        isDestructive={false}
        description={
          <p>
            The decision{hasApprovers ? (meeting.approvers.decision === null ? '' : ` (${meeting.approvers.decision})`) : ` (${decision})`} is recorded with your notes, and initiatives that hang on this document move with it. A meeting that has ended cannot be reopened.
          </p>
        }
        confirmLabel="End the meeting"
        cancelLabel="Not yet"
        // The decision sent is the one this dialog names: with approvers, theirs as the facilitator last saw it, so a
        // vote changed since (the page polls every few seconds) is refused (meeting.decision_is_the_approvers) instead
        // of ending the meeting with a decision nobody confirmed. The meeting is read again to show the new one.
        onConfirm={async () => {
          try {
            onEnded(await client.end({ decision: hasApprovers ? (meeting.approvers.decision ?? undefined) : decision, notes }));
          } catch (error) {
            // The refusal is what the facilitator must see: a failed reload does not replace it.
            if (isApiError(error) && error.rule === 'meeting.decision_is_the_approvers') onChange(await client.get().catch(() => meeting));
            throw error;
          }
        }}
        onClose={() => setConfirmingEnd(false)}
        focusAfterConfirm={() => document.getElementById('facilitator-title')}
      />
    </section>
  );
}

/**
 * Cancelling, for a meeting that cannot end (an approver who left or will never vote) or should not happen: asked in
 * a dialog, with a reason for the record, and no decision recorded.
 */
function CancelMeeting({ client, onChange }: { client: ReturnType<typeof meetingsApi>; onChange(meeting: MeetingView): void }) {
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button variant="quiet" onClick={() => setOpen(true)}>
        Cancel the meeting…
      </Button>
      {/* A cancelled meeting loses this button: the keyboard goes to the page's title. */}
      <ConfirmDialog
        title="Cancel the meeting?"
        isOpen={isOpen}
        description={<p>No decision is recorded and no initiative moves; the reason goes on the record. A cancelled meeting cannot be reopened.</p>}
        confirmLabel="Cancel with no decision"
        cancelLabel="Keep the meeting"
        onConfirm={async () => onChange(await client.cancel(reason))}
        onClose={() => setOpen(false)}
        focusAfterConfirm={pageHeading}
      >
        <TextAreaField label="Why is it cancelled?" name="reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
      </ConfirmDialog>
    </>
  );
}

/** The initiatives the decision moved (or a gate still holds), each linked to its record. */
function PipelineOutcome({ orgId, outcome }: { orgId: string; outcome: ReadingOutcome }) {
  if (outcome.moved.length === 0 && outcome.held.length === 0) return null;
  return (
    <div role="status">
      <ul className="meeting-outcome" aria-label="In the pipeline">
        {outcome.moved.map((initiative) => (
          <li key={initiative.id}>
            <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link> moved to {stageLabel(initiative.to)} in the pipeline.
          </li>
        ))}
        {outcome.held.map((initiative) => (
          <li key={initiative.id}>
            <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link> stays at its reading review: {initiative.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Said to everyone at a meeting whose document was saved again after the reading started: the decision is on the
 * version read, and an approval of it moves no initiative waiting on the memo (the pipeline's gate wants a reading of
 * the current version), which the facilitator should know before ending the meeting, and the approvers before voting.
 * The same words on the meeting's page and in the reading view, where the readers are while it happens.
 */
function savedSinceStartText(meeting: MeetingView): string | null {
  if (meeting.version === null || meeting.documentVersion <= meeting.version || meeting.phase === 'ended') return null;
  const isMemo = meeting.documentKind === 'memo';
  return (
    `This ${isMemo ? 'memo' : 'PR/FAQ'} was saved again after the reading started: it is at version ${meeting.documentVersion} now, and this meeting reads version ${meeting.version}. ` +
    `The decision is on version ${meeting.version}${isMemo ? `, so an approval will not move an initiative waiting on this memo: a reading of version ${meeting.documentVersion} decides it.` : '.'}`
  );
}

function SavedSinceStart({ meeting }: { meeting: MeetingView }) {
  const text = savedSinceStartText(meeting);
  return (
    text && (
      <p className="meeting-closed" role="status">
        {text}
      </p>
    )
  );
}

/** One reading meeting: the attendee's reading view or the facilitator's progress view, and the discussion. */
interface ReadingMeetingViewProps {
  orgId: string;
  meetingId: string;
  /** The document's title, named in the reading view (the meeting itself does not carry it). */
  documentTitle: string;
  /** Told the version this meeting reads (null before the start), so the document's header can name and link it. */
  onVersionRead?(version: number | null): void;
}

export function ReadingMeetingView({ orgId, meetingId, documentTitle, onVersionRead }: ReadingMeetingViewProps) {
  const { client, meeting } = useMeeting(orgId, meetingId);
  // A reader may leave the reading view for the meeting's page (and go back to it) while the reading runs.
  const [hasLeftFocus, setLeftFocus] = useState(false);
  // Whether this page saw the reading run: the clock that says "the discussion is open" may be mounted only then.
  const [hasSeenReading, setSeenReading] = useState(false);
  const phaseNow = meeting.data?.phase;
  const isReadingNow = meeting.data !== undefined && meeting.data.isAttendee && phaseNow === 'reading' && !(meeting.data.myReading?.isDone ?? false);
  // Someone who does not read in the meeting (its facilitator, above all) opens the frozen text in the same reading
  // view, from the meeting's page, and leaves it the same way. Kept: the phase it was opened in (null while closed).
  // Opened while the attendees read, it closes when their reading ends, as theirs does: the app behind it is inert,
  // and the facilitator's way to end the meeting is on the meeting's page. Opened later, it stays until left (a
  // meeting's phase only moves on, so one that has left the reading never brings it back).
  const [viewerReadingSince, setViewerReadingSince] = useState<MeetingView['phase'] | null>(null);
  const isViewerReading = viewerReadingSince !== null && (viewerReadingSince !== 'reading' || phaseNow === 'reading');
  const isViewerFocused = isViewerReading && meeting.data !== undefined && !meeting.data.isAttendee && meeting.data.body !== null;
  const isFocused = (isReadingNow && !hasLeftFocus) || isViewerFocused;
  const versionRead = meeting.data?.version;
  useEffect(() => {
    if (phaseNow === 'reading') setSeenReading(true);
  }, [phaseNow]);
  useEffect(() => {
    if (versionRead !== undefined) onVersionRead?.(versionRead);
  }, [versionRead, onVersionRead]);
  // What ending the meeting did in the pipeline, said once to the facilitator who ended it.
  const [outcome, setOutcome] = useState<ReadingOutcome | undefined>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isLoaded = meeting.data !== undefined;
  useEffect(() => {
    // Opened from the document's Meetings (Create meeting, or a meeting's link), the control used is gone and the
    // keyboard would start over at the top of the page: it goes on to the meeting instead. Opened as a page of its
    // own, the page's heading has the focus, and keeps it.
    if (isLoaded && (document.activeElement === null || document.activeElement === document.body)) headingRef.current?.focus();
  }, [isLoaded]);
  useEffect(() => {
    // The reading view gone (left, done, or the reading over), the control pressed in it or the text went with it: the
    // keyboard goes on from the meeting's heading rather than from the top of the page.
    if (!isFocused && (document.activeElement === null || document.activeElement === document.body)) headingRef.current?.focus();
  }, [isFocused]);
  if (meeting.isLoading && !meeting.data) return <LoadingNote />;
  if (meeting.error && !meeting.data) return <ErrorNote message={meeting.error} onRetry={meeting.reload} />;
  const data = meeting.data!;
  const onChange = meeting.setData;
  const clock = <MeetingClock meeting={data} onTimeUp={meeting.reload} wasReading={hasSeenReading} />;
  const attendeesPanel = !data.isFacilitator && <AttendeesPanel meeting={data} />;
  const discussion = <Discussion meeting={data} client={client} onChange={onChange} />;
  const marginNotes = <MarginNotes meeting={data} client={client} onChange={onChange} />;
  if (isFocused) {
    const side = (
      <>
        {isViewerFocused && data.isFacilitator && <ReadingProgressPanel meeting={data} />}
        {marginNotes}
        {attendeesPanel}
        {discussion}
      </>
    );
    const focus = { title: documentTitle, clock, notice: savedSinceStartText(data), side, onLeave: () => (isViewerFocused ? setViewerReadingSince(null) : setLeftFocus(true)) };
    return (
      <div className="stack">
        <h2 ref={headingRef} tabIndex={-1} id="meeting-title" className="panel__title">
          Reading meeting
        </h2>
        {isViewerFocused ? <FrozenVersionReading meeting={data} focus={focus} /> : <AttendeeReading meeting={data} client={client} onChange={onChange} focus={focus} />}
      </div>
    );
  }
  return (
    <div className="stack">
      <h2 ref={headingRef} tabIndex={-1} id="meeting-title" className="panel__title">
        Reading meeting
      </h2>
      <p>
        <span className="badge badge--leading">{PHASE_TEXT[data.phase]}</span>
        Facilitated by {data.facilitator.name} · {data.readingMinutes} minutes of reading
        {data.version !== null ? ` · version ${data.version}` : ''}
      </p>
      {clock}
      {isReadingNow && (
        <Button variant="primary" onClick={() => setLeftFocus(false)}>
          Back to the reading view
        </Button>
      )}
      <SavedSinceStart meeting={data} />
      {data.cancellation && (
        <section className="panel" aria-label="Cancelled">
          <strong>Cancelled</strong> with no decision — {data.cancellation.reason}
        </section>
      )}
      {data.decision && (
        <section className="panel" aria-label="Decision">
          <strong>Decision: {data.decision.decision}</strong> on version {data.version} — {data.decision.notes}
          {data.attendees.some((attendee) => attendee.isApprover) && (
            <span className="doc-editor__status">
              {' '}
              Votes: {data.attendees.filter((attendee) => attendee.isApprover).map((attendee) => `${attendee.person.name} ${attendee.vote ?? 'did not vote'}`).join(', ')}.
            </span>
          )}
          {/* The facilitator who just ended it also hears of the initiatives a gate held back; everyone sees the moves. */}
          <PipelineOutcome orgId={orgId} outcome={outcome ?? { moved: data.initiativesMoved, held: [] }} />
        </section>
      )}
      <div className="doc-columns">
        <div className="stack">
          {data.isAttendee && data.phase !== 'scheduled' && <AttendeeReading meeting={data} client={client} onChange={onChange} />}
          {!data.isAttendee && data.body !== null && (
            <section className="stack" aria-labelledby="frozen-title">
              <h2 id="frozen-title" className="panel__title">
                Version {data.version}, as the attendees read it
              </h2>
              <p className="doc-editor__status">Frozen at the start. It opens in the attendees’ reading view: the text alone, with the time left and who has finished reading in its bar.</p>
              <div>
                <Button variant={data.phase === 'reading' ? 'primary' : 'secondary'} onClick={() => setViewerReadingSince(data.phase)}>
                  Read version {data.version}
                </Button>
              </div>
            </section>
          )}
          {data.isAttendee && data.phase === 'scheduled' && (
            <p className="meeting-closed">
              The facilitator has not started the reading yet. Everyone starts together on the same version.
              {/* Home marks the meeting "Your vote": the meeting itself says what that vote is before the reading. */}
              {data.isApprover && ' You are an approver: once everyone has read, you vote approve, iterate or kill, and the meeting ends with the approvers’ decision.'}
            </p>
          )}
          {discussion}
        </div>
        <div className="doc-side">
          {data.isApprover && data.isDiscussionOpen && data.phase !== 'ended' && <VotePanel meeting={data} client={client} onChange={onChange} />}
          {data.canCancel && <CancelMeeting client={client} onChange={onChange} />}
          {data.isFacilitator && (
            <FacilitatorPanel
              orgId={orgId}
              meeting={data}
              client={client}
              onChange={onChange}
              onEnded={(ended) => {
                onChange(ended.meeting);
                setOutcome(ended.initiatives);
              }}
            />
          )}
          {attendeesPanel}
          {marginNotes}
        </div>
      </div>
    </div>
  );
}
