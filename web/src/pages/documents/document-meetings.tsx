import { useState } from 'react';
import { can } from '../../../../src/domain/accounts/roles.js';
import { canReadDocument } from '../../../../src/domain/documents/document-rules.js';
import { defaultReadingMinutes, MEETING_LIMITS, READING_FLOOR } from '../../../../src/domain/documents/reading-meeting.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { ErrorNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Member } from '../../lib/api-types.js';
import { formatDateTime } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { documentPath, documentsApi, type DocumentView, type ReadingFloorView } from './documents-api.js';

const PHASE_TEXT = { scheduled: 'not started', reading: 'reading', discussion: 'discussion', ended: 'ended' } as const;

/** Why the reading time has its minimum, in the words of the server's refusal (meeting.reading_time_too_short). */
export function readingFloorHint(floor: ReadingFloorView, kind: 'prfaq' | 'memo'): string {
  const words = `${kind === 'memo' ? 'This memo' : 'This PR/FAQ'} is ${floor.words.toLocaleString('en-US')} words (version ${floor.version})`;
  return Math.ceil(floor.words / floor.wordsPerMinute) < READING_FLOOR.minMinutes
    ? `At least ${floor.minutes} minutes. ${words}, and no silent reading is shorter than ${READING_FLOOR.minMinutes} minutes.`
    : `At least ${floor.minutes} minutes. ${words}, read at ${floor.wordsPerMinute} words a minute (appendices aside).`;
}

/** The document's reading meetings and, for its authors and admins, a form to set one up (you facilitate it). */
export function DocumentMeetings({ orgId, document, currentUserId, canSchedule }: { orgId: string; document: DocumentView; currentUserId: string; canSchedule: boolean }) {
  const client = documentsApi(orgId);
  const meetings = useResource((signal) => client.meetings(document.id, signal), document.id);
  const members = useResource(async (signal) => (await api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`, undefined, { signal })).members, orgId);
  const [attendeeIds, setAttendeeIds] = useState<string[]>([]);
  // Untouched, the field shows the default: 30 minutes, or the document's floor when that is longer.
  const [typedMinutes, setMinutes] = useState<string | undefined>();
  const floor = meetings.data?.readingFloor;
  const minutes = typedMinutes ?? String(floor === undefined ? MEETING_LIMITS.defaultReadingMinutes : defaultReadingMinutes(floor));
  const open = meetings.data?.meetings.find((meeting) => meeting.phase !== 'ended');
  const form = useApiForm(['attendeeIds', 'readingMinutes']);
  const access = { visibility: document.visibility, authorIds: document.authors.map((person) => person.id), readerIds: document.readers.map((person) => person.id) };
  const others = (members.data ?? []).filter((member) => member.userId !== currentUserId && can(member.role, 'documents.read'));
  // Only people who can read the document can attend its reading (the server refuses the others).
  const candidates = others.filter((member) => canReadDocument(access, member.userId));
  const cannotRead = others.length - candidates.length;

  return (
    <div className="doc-columns">
      <section className="stack" aria-labelledby="meetings-title">
        <h2 id="meetings-title" className="panel__title">
          Silent-reading meetings
        </h2>
        {meetings.error && <ErrorNote message={meetings.error} />}
        {meetings.data && meetings.data.meetings.length === 0 && <p className="doc-editor__status">No meeting yet.</p>}
        <ul className="findings" aria-label="Meetings">
          {(meetings.data?.meetings ?? []).map((meeting) => (
            <li key={meeting.id} className="comment">
              <Link to={documentPath(orgId, document.id, `?meeting=${meeting.id}`)}>Meeting of {formatDateTime(meeting.createdAt)}</Link> · {PHASE_TEXT[meeting.phase]}
              {meeting.version !== null ? ` · version ${meeting.version}` : ''} · facilitator {meeting.facilitator.name}
              {meeting.decision ? ` · decision: ${meeting.decision}` : ''}
            </li>
          ))}
        </ul>
      </section>
      {!canSchedule ? (
        <p className="panel doc-editor__status">A reading meeting is set up by an author of the document or an admin, who asks the approvers to read it.</p>
      ) : open ? (
        <p className="panel doc-editor__status" role="note">
          This document has an open reading meeting (<Link to={documentPath(orgId, document.id, `?meeting=${open.id}`)}>meeting of {formatDateTime(open.createdAt)}</Link>, {PHASE_TEXT[open.phase]}): one meeting at a time reads a
          document, so end or cancel it before setting up another.
        </p>
      ) : (
        <form
          className="panel stack"
          aria-label="Set up a reading meeting"
          noValidate
          onSubmit={form.handleSubmit(async () => {
            try {
              const meeting = await client.createMeeting(document.id, { attendeeIds, readingMinutes: Number(minutes) });
              navigate(documentPath(orgId, document.id, `?meeting=${meeting.id}`));
            } catch (error) {
              // The document may have grown, or someone set up a meeting meanwhile: show the floor and meetings as they are now.
              meetings.reload();
              throw error;
            }
          })}
        >
          <h2 className="panel__title">Set up a reading meeting</h2>
          {form.formError && <ErrorNote message={form.formError} />}
          <fieldset className="stack">
            <legend>Attendees</legend>
            {candidates.map((member) => (
              <label key={member.userId}>
                <input
                  type="checkbox"
                  checked={attendeeIds.includes(member.userId)}
                  onChange={(event) => setAttendeeIds((current) => (event.target.checked ? [...current, member.userId] : current.filter((id) => id !== member.userId)))}
                />{' '}
                {member.name}
              </label>
            ))}
            {cannotRead > 0 && <p className="doc-editor__status">{cannotRead === 1 ? 'One member cannot read this document and is not listed' : `${cannotRead} members cannot read this document and are not listed`}: add them as readers under Sharing first.</p>}
            {form.errorFor('attendeeIds') && <p className="field__error">{form.errorFor('attendeeIds')}</p>}
          </fieldset>
          <TextField
            label="Reading time (minutes)"
            name="readingMinutes"
            type="number"
            min={floor?.minutes ?? MEETING_LIMITS.minReadingMinutes}
            max={MEETING_LIMITS.maxReadingMinutes}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
            // The refusal says the minimum and why: the hint would only repeat it beside it.
            hint={form.errorFor('readingMinutes') === undefined && floor ? readingFloorHint(floor, document.kind) : undefined}
            error={form.errorFor('readingMinutes')}
          />
          <Button type="submit" variant="primary" isBusy={form.isPending}>
            Create meeting
          </Button>
        </form>
      )}
    </div>
  );
}
