import { useState } from 'react';
import { can } from '../../../../src/domain/accounts/roles.js';
import { canReadDocument } from '../../../../src/domain/documents/document-rules.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { ErrorNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Member } from '../../lib/api-types.js';
import { formatDateTime } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { documentPath, documentsApi, type DocumentView } from './documents-api.js';

const PHASE_TEXT = { scheduled: 'not started', reading: 'reading', discussion: 'discussion', ended: 'ended' } as const;

/** The document's reading meetings and, for its authors and admins, a form to set one up (you facilitate it). */
export function DocumentMeetings({ orgId, document, currentUserId, canSchedule }: { orgId: string; document: DocumentView; currentUserId: string; canSchedule: boolean }) {
  const client = documentsApi(orgId);
  const meetings = useResource(() => client.meetings(document.id), document.id);
  const members = useResource(async () => (await api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`)).members, orgId);
  const [attendeeIds, setAttendeeIds] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('30');
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
        {meetings.data && meetings.data.length === 0 && <p className="doc-editor__status">No meeting yet.</p>}
        <ul className="findings" aria-label="Meetings">
          {(meetings.data ?? []).map((meeting) => (
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
      ) : (
        <form
          className="panel stack"
          aria-label="Set up a reading meeting"
          onSubmit={form.handleSubmit(async () => {
            const meeting = await client.createMeeting(document.id, { attendeeIds, readingMinutes: Number(minutes) });
            navigate(documentPath(orgId, document.id, `?meeting=${meeting.id}`));
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
          <TextField label="Reading time (minutes)" name="readingMinutes" type="number" min={1} max={240} value={minutes} onChange={(event) => setMinutes(event.target.value)} error={form.errorFor('readingMinutes')} />
          <Button type="submit" variant="primary" isBusy={form.isPending}>
            Create meeting
          </Button>
        </form>
      )}
    </div>
  );
}
