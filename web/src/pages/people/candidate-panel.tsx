import { useEffect, useRef, useState, type FormEvent } from 'react';
import { AppError } from '../../../../src/domain/errors.js';
import { assertCanDecide, isOfferOwedAfterClose, VETO_HOLDS_DAYS, type Decision, type DebriefDecisionInput } from '../../../../src/domain/hiring/debrief-rules.js';
import { normaliseFeedback, VOTES } from '../../../../src/domain/hiring/feedback-rules.js';
import { OFFER_ANSWER_LABELS, OFFER_ANSWER_NOTE_MAX, OFFER_ANSWERS, standingOfferOf } from '../../../../src/domain/hiring/offer-rules.js';
import { REJECTION_NOTE_MAX, REJECTION_REASON_LABELS, REJECTION_REASONS } from '../../../../src/domain/hiring/rejection-rules.js';
import { Button } from '../../components/button.js';
import { FormActions } from '../../components/form-actions.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { api, ApiError, isApiError } from '../../lib/api-client.js';
import { formatDateTime, formatUtcDate, localDateTimeValue, localDayValue } from '../../lib/format.js';
import { useApiForm, type ErrorPlacement } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { LoopPlanner } from './loop-planner.js';
import { RatedPrinciples } from './rated-principles.js';
import { ReminderNote, RemindInterviewer } from './remind-interviewer.js';
import { evidenceErrorPlacement, evidenceHint, personOptions, RATING_OPTIONS, SEAT_LABELS, VOTE_LABELS, type Candidate, type FeedbackList, type PersonSummary, type RolePrompt, type Standing } from './people-types.js';

/** One candidate: the loop and its state, the viewer's feedback form, others' feedback (blind rule), the debrief, the offer. */
export function CandidatePanel({ orgId, candidateId, isOpeningFilled = false, onChanged }: { orgId: string; candidateId: string; isOpeningFilled?: boolean; onChanged(): void }) {
  const base = `/orgs/${orgId}/hiring/candidates/${candidateId}`;
  const [keyingInFor, setKeyingInFor] = useState<string | undefined>();
  const [replacing, setReplacing] = useState<string | undefined>();
  const [isConfirmingWithdraw, setConfirmingWithdraw] = useState(false);
  const [isRejecting, setRejecting] = useState(false);
  const data = useResource(async (signal) => {
    const { candidate } = await api<{ candidate: Candidate }>('GET', base, undefined, { signal });
    const feedback = candidate.loop ? await api<FeedbackList>('GET', `${base}/feedback`, undefined, { signal }) : null;
    const standing = candidate.loop?.isDebriefOpen && candidate.viewer.canReadFeedback ? await api<Standing>('GET', `${base}/standing`, undefined, { signal }) : null;
    return { candidate, feedback, standing };
  }, candidateId);
  const refresh = () => {
    data.reload();
    onChanged();
  };
  // Opened from its link in the list (or a link to the page), the candidate shows below the list, out of sight on a
  // phone: the keyboard, and the view, go to their name. Not after a change elsewhere on the page, which places focus itself.
  const hasLoaded = data.data !== undefined;
  useEffect(() => {
    if (!hasLoaded) return;
    const active = document.activeElement;
    const cameByLink = active instanceof HTMLAnchorElement && active.href.includes(`candidate=${candidateId}`);
    if (cameByLink || active === null || active === document.body) document.getElementById('candidate-heading')?.focus();
  }, [hasLoaded, candidateId]);

  if (data.isLoading && !data.data) return <LoadingNote label="Loading the candidate…" />;
  if (data.error || !data.data) return <ErrorNote message={data.error ?? 'Not found.'} onRetry={data.reload} />;
  const { candidate, feedback, standing } = data.data;
  const loop = candidate.loop;
  // A withdrawn or rejected candidate's loop takes nothing more (candidate.withdrawn, candidate.rejected): no form or
  // button that would be refused.
  const isOutOfProcess = candidate.withdrawnAt !== null || candidate.rejection !== null;
  const mySeat = isOutOfProcess ? undefined : loop?.seats.find((seat) => seat.personId === candidate.viewer.personId && seat.submittedAt === null);
  // Recruiters and admins key in the paper scorecards of interviewers without a login (once their own, if they sit in the loop, is in).
  // The loop's bar raiser judges the evidence, so keys in nobody's (the server refuses it too).
  const canKeyIn = candidate.viewer.isHiringStaff && !isOutOfProcess && !loop?.decision && !mySeat && candidate.viewer.seat !== 'bar_raiser';
  // A seat whose feedback is not in can go to someone else (an interviewer who left or cannot make it).
  const canReplace = candidate.viewer.isHiringStaff && !isOutOfProcess && !loop?.decision;
  // Until the first feedback is in (loop.feedback_in): after that the interview took place at its time.
  const canReschedule = candidate.viewer.isHiringStaff && !isOutOfProcess && loop !== null && !loop.decision && loop.seats.every((seat) => seat.submittedAt === null);
  // While no offer stands (candidate.offer_made): before any, or once every one was declined. Offers stay on the record.
  const hasStandingOffer = standingOfferOf(candidate.offers) !== undefined;
  const canWithdraw = candidate.viewer.isHiringStaff && !isOutOfProcess && !hasStandingOffer;
  // Those who make offers reject, while no offer stands and unless a bar raiser's veto already ended the loop; and undo
  // a withdrawal or a rejection while the requisition is open (the server says if its opening was filled meanwhile).
  const canDecide = candidate.viewer.isHiringStaff || candidate.viewer.isHiringManager;
  const canReject = canDecide && !isOutOfProcess && !hasStandingOffer && loop?.decision?.decision !== 'no_hire';
  const canReinstate = canDecide && isOutOfProcess && candidate.requisition.status === 'open';
  // Feedback is about an interview that took place: the server takes none before it starts.
  const hasStarted = loop !== null && Date.parse(loop.interviewAt) <= Date.now();
  const keyingFor = loop?.seats.find((seat) => seat.personId === keyingInFor && seat.submittedAt === null);
  // Recruiters, admins and the hiring manager chase a late scorecard (the server refuses anyone else).
  const canRemind = (candidate.viewer.isHiringStaff || candidate.viewer.isHiringManager) && !isOutOfProcess && !loop?.decision;
  return (
    <section className="panel" aria-labelledby="candidate-heading">
      <h2 id="candidate-heading" className="panel__title" tabIndex={-1}>
        {candidate.name} <span className="table__muted">{candidate.email}</span>
      </h2>
      {candidate.withdrawnAt !== null && (
        <p className="badge badge--muted badge--leading">Withdrew {formatDateTime(candidate.withdrawnAt)}: the loop takes no more feedback, decision, seat change or offer</p>
      )}
      {candidate.rejection && (
        <p className="badge badge--muted badge--leading">
          Rejected {formatDateTime(candidate.rejection.rejectedAt)}
          {candidate.rejection.rejectedBy && ` by ${candidate.rejection.rejectedBy}`}: {REJECTION_REASON_LABELS[candidate.rejection.reason]}. The loop takes no more feedback, decision, seat change or offer
        </p>
      )}
      {candidate.rejection?.note && <blockquote aria-label="Rejection note">{candidate.rejection.note}</blockquote>}
      {canReinstate && <ReinstateForm path={`${base}/reinstate`} candidateName={candidate.name} onDone={refresh} />}
      {canWithdraw && (
        <Button size="small" onClick={() => setConfirmingWithdraw(true)}>
          Candidate withdrew…
        </Button>
      )}
      {canReject && !isRejecting && (
        <Button size="small" onClick={() => setRejecting(true)}>
          Reject…
        </Button>
      )}
      {canReject && isRejecting && (
        <RejectForm
          path={`${base}/reject`}
          candidateName={candidate.name}
          onDone={(isRejected) => {
            setRejecting(false);
            if (isRejected) refresh();
          }}
        />
      )}
      {/* Once recorded, the button goes: the keyboard goes to the candidate's name. */}
      <ConfirmDialog
        title={`Record that ${candidate.name} withdrew?`}
        isOpen={isConfirmingWithdraw}
        description={
          <p>
            Their loop then takes no more feedback, decision, seat change or offer, and stops asking its interviewers for anything.{candidate.offers.length > 0 && ' The offers they declined stay on their record, and no revised offer follows.'} It is no verdict: nothing is held against {candidate.name}. The hiring manager, a recruiter or an admin can reinstate them while the requisition is open.
          </p>
        }
        confirmLabel="Record the withdrawal"
        cancelLabel="Keep them in"
        onConfirm={async () => {
          await api('POST', `${base}/withdraw`);
          refresh();
        }}
        onClose={() => setConfirmingWithdraw(false)}
        focusAfterConfirm={() => document.getElementById('candidate-heading')}
      />
      {/* A closed requisition takes no new loop (requisition.open): the planner would build one only to have it refused. */}
      {!loop && !isOutOfProcess && candidate.requisition.status === 'closed' && (
        <p>No interview loop yet, and this requisition is closed: it takes no new loops.{candidate.viewer.isHiringStaff && ' Reopen it to interview this candidate.'}</p>
      )}
      {/* Nor does one whose opening an offer filled (requisition.opening_filled). */}
      {!loop && !isOutOfProcess && candidate.requisition.status === 'open' && isOpeningFilled && <p>{'No interview loop yet, and an offer has filled this requisition\'s opening: it takes no new loops. Close it as filled, then reopen it for another seat.'}</p>}
      {!loop && !isOutOfProcess && candidate.requisition.status === 'open' && !isOpeningFilled && (candidate.viewer.isHiringStaff ? <LoopPlanner orgId={orgId} candidate={candidate} onCreated={refresh} /> : <p>No interview loop yet.</p>)}
      {loop && (
        <>
          <h3 className="section-title">Loop · interview {formatDateTime(loop.interviewAt)}</h3>
          {canReschedule && <RescheduleForm path={`${base}/loop/interview`} interviewAt={loop.interviewAt} onMoved={refresh} />}
          {loop.barRaiserWarning && (
            <p className="form-message form-message--error" role="alert">
              {loop.barRaiserWarning.message}
            </p>
          )}
          {/* Stacked on a phone: the Feedback column, with Replace and Key in, would otherwise be scrolled out of sight. */}
          <DataTable columns={['Interviewer', 'Seat', 'Principles to probe', 'Feedback']} stacksOnPhones>
            {loop.seats.map((seat) => (
              <tr key={seat.personId}>
                <td>{seat.name}</td>
                <td data-label="Seat">{SEAT_LABELS[seat.seat]}</td>
                <td data-label="Principles to probe">{seat.principles.map((principle) => principle.title).join(', ') || '—'}</td>
                <td data-label="Feedback">
                  {/* Once the debrief has decided, feedback is closed. A shadow owes none (no due date): theirs is welcome, never due. */}
                  {seat.submittedAt ? `Submitted ${formatDateTime(seat.submittedAt)}` : loop.decision || isOutOfProcess ? 'None given' : seat.dueAt === null ? <span className="table__muted">None owed</span> : seat.isOverdue ? <span className="badge">Overdue (was due {formatDateTime(seat.dueAt)})</span> : `Due ${formatDateTime(seat.dueAt)}`}
                  {seat.submittedAt === null && seat.isOverdue && seat.hasLogin && (canRemind && seat.personId !== candidate.viewer.personId ? (
                    <>
                      {' '}
                      <RemindInterviewer path={`${base}/loop/seats/${seat.personId}/reminders`} name={seat.name} lastReminder={seat.lastReminder} onSent={() => undefined} />
                    </>
                  ) : seat.lastReminder && (
                    <>
                      {' '}
                      <ReminderNote reminder={seat.lastReminder} />
                    </>
                  ))}
                  {canReplace && seat.submittedAt === null && (
                    <>
                      {' '}
                      <Button size="small" variant="quiet" onClick={() => setReplacing(seat.personId)} aria-label={`Replace ${seat.name}'s seat`}>
                        Replace
                      </Button>
                    </>
                  )}
                  {!seat.hasLogin && seat.submittedAt === null && seat.seat !== 'shadow' && (
                    <>
                      {' '}
                      <span className="table__muted">(no login)</span>{' '}
                      {canKeyIn && hasStarted && (
                        <Button size="small" variant="quiet" onClick={() => setKeyingInFor(seat.personId)}>
                          Key in {seat.name}'s scorecard
                        </Button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          {canReplace && replacing !== undefined && (
            <ReplaceSeatForm
              orgId={orgId}
              path={`${base}/loop/seats/${replacing}`}
              seat={loop.seats.find((seat) => seat.personId === replacing)!}
              inLoop={new Set(loop.seats.map((seat) => seat.personId))}
              onDone={(isReplaced) => {
                setReplacing(undefined);
                if (isReplaced) refresh();
              }}
            />
          )}
          {mySeat && !loop.decision && (hasStarted
            ? <FeedbackForm key={mySeat.personId} path={`${base}/feedback`} candidateName={candidate.name} principles={mySeat.principles} isShadow={mySeat.seat === 'shadow'} onSubmitted={refresh} />
            : <p className="section-lead">Your feedback form opens when the interview starts ({formatDateTime(loop.interviewAt)}).</p>)}
          {canKeyIn && hasStarted && keyingFor && (
            <FeedbackForm
              key={keyingFor.personId}
              path={`${base}/feedback/${keyingFor.personId}`}
              candidateName={candidate.name}
              principles={keyingFor.principles}
              keyedInFor={keyingFor.name}
              onSubmitted={() => {
                setKeyingInFor(undefined);
                refresh();
              }}
            />
          )}
          {feedback && <FeedbackSection feedback={feedback} />}
          <Debrief base={base} candidate={candidate} standing={standing} voteTally={feedback?.voteTally ?? null} isOpeningFilled={isOpeningFilled} onDecided={refresh} />
        </>
      )}
    </section>
  );
}

/** Gives one seat, with its principles, to someone not yet in the loop; the server checks the loop rules again. */
function ReplaceSeatForm({ orgId, path, seat, inLoop, onDone }: { orgId: string; path: string; seat: { name: string; seat: keyof typeof SEAT_LABELS }; inLoop: ReadonlySet<string>; onDone(isReplaced: boolean): void }) {
  const people = useResource(async (signal) => (await api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal })).people, orgId);
  const [personId, setPersonId] = useState('');
  const form = useApiForm(['personId']);
  const candidates = (people.data ?? []).filter((person) => !inLoop.has(person.id));
  const formRef = useRef<HTMLFormElement>(null);
  // The form opens below the table, away from the button that opened it: focus follows, so the keyboard is there too.
  useEffect(() => {
    const select = formRef.current?.querySelector('select');
    select?.focus();
    select?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <form
      ref={formRef}
      className="form form--inline no-print"
      noValidate
      aria-label={`Replace ${seat.name}`}
      onSubmit={form.handleSubmit(async () => {
        await api('PUT', path, { personId });
        onDone(true);
      })}
    >
      <FormMessage message={form.formError} />
      <SelectField label={`${seat.name}'s seat (${SEAT_LABELS[seat.seat]}) goes to`} name="personId" value={personId} options={personOptions(candidates, 'Choose a person')} onChange={setPersonId} error={form.errorFor('personId')} />
      <Button type="submit" variant="primary" isBusy={form.isPending} disabled={personId === ''} className="form__inline-submit">
        Give the seat
      </Button>
      <Button variant="quiet" onClick={() => onDone(false)} className="form__inline-submit">
        Cancel
      </Button>
    </form>
  );
}

/**
 * Whether the server refused because what was asked is already done: another tab (or person) recorded the decision,
 * made the offer (or recorded its acceptance) or submitted the feedback first. The page is then behind, and reloads to show what exists.
 */
function isAlreadyDone(error: unknown): boolean {
  return isApiError(error) && (error.code === 'conflict' || error.rule === 'debrief.decided_once' || error.rule === 'feedback.once' || error.rule === 'offer.accepted_final');
}

/** Runs a final action from a ConfirmDialog; if it was already done elsewhere, reloads the page behind the refusal the dialog shows. */
async function doOnce(action: () => Promise<unknown>, reload: () => void): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (isAlreadyDone(error)) reload();
    throw error;
  }
}

/**
 * An interviewer's feedback form, or (with `keyedInFor`) the form a recruiter keys a paper scorecard into. Feedback is
 * final on the server (feedback.once), so it is asked in a ConfirmDialog, after the server's own scorecard rules
 * (normaliseFeedback) have been read here: the dialog never asks about a scorecard that would be refused.
 */
function FeedbackForm({ path, candidateName, principles, keyedInFor, isShadow = false, onSubmitted }: { path: string; candidateName: string; principles: { id: string; title: string; prompt: RolePrompt | null }[]; keyedInFor?: string; isShadow?: boolean; onSubmitted(): void }) {
  const [vote, setVote] = useState('');
  // No rating is chosen for the interviewer: a preset "3 — at the bar" would be recorded as a judgement nobody made.
  const [ratings, setRatings] = useState<Record<string, { rating: string; evidence: string }>>(Object.fromEntries(principles.map((principle) => [principle.id, { rating: '', evidence: '' }])));
  const [isConfirming, setConfirming] = useState(false);
  // The ratings go in the principles' order: the server names a short one, or a rating left unchosen, by its index.
  const placeEvidence = evidenceErrorPlacement('ratings', 'evidence', (index) => (principles[index] ? `evidence-${principles[index].id}` : undefined));
  const placeRating: ErrorPlacement = (error) => {
    const principle = principles[Number(/^(?:body\.)?ratings\.(\d+)\.rating$/.exec(error.field ?? '')?.[1] ?? -1)];
    return principle && { field: `rating-${principle.id}`, message: `Choose a rating for ${principle.title}, from 1 (far below the bar) to 5 (far above it).` };
  };
  const form = useApiForm(['vote', ...principles.flatMap((principle) => [`rating-${principle.id}`, `evidence-${principle.id}`])], (error) => placeEvidence(error) ?? placeRating(error));
  const scorecard = () => ({ vote, ratings: principles.map((principle) => ({ principleId: principle.id, rating: Number(ratings[principle.id]!.rating || 0), evidence: ratings[principle.id]!.evidence })) });
  // Refused as the server would refuse it, each refusal placed by the form as if the server had sent it.
  const check = () => {
    if (vote === '') throw new ApiError(400, 'validation_failed', 'Choose an overall vote: there is no neutral.', 'vote');
    try {
      normaliseFeedback(scorecard().ratings, principles.map((principle) => principle.id), new Map(principles.map((principle) => [principle.id, principle.title])));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new ApiError(422, error.code, error.message, error.details.field, undefined, { rule: error.details.rule });
    }
  };
  const isOwn = keyedInFor === undefined;
  return (
    <>
      <form
        className="form"
        noValidate
        aria-labelledby="feedback-form-heading"
        onSubmit={form.handleSubmit(async () => {
          check();
          setConfirming(true);
        })}
      >
        <h3 id="feedback-form-heading" className="section-title">
          {isOwn ? 'Your feedback' : `${keyedInFor}'s scorecard`}
        </h3>
        <p className="section-lead">
          {isOwn
            ? 'Others\' feedback stays hidden until you submit yours. Due within 24 hours of the interview; final once submitted.'
            : `${keyedInFor} has no login: copy their paper scorecard word for word. It is recorded as keyed in by you, and is final once submitted.`}
        </p>
        <FormMessage message={form.formError} />
        {principles.map((principle) => (
          <fieldset key={principle.id} className="review-principle stack">
            <legend>{principle.title}</legend>
            {principle.prompt && <RolePromptNote prompt={principle.prompt} />}
            <SelectField label={`Rating for ${principle.title}`} name={`rating-${principle.id}`} value={ratings[principle.id]!.rating} options={[{ value: '', label: 'Choose a rating' }, ...RATING_OPTIONS]} onChange={(value) => setRatings({ ...ratings, [principle.id]: { ...ratings[principle.id]!, rating: value } })} error={form.errorFor(`rating-${principle.id}`)} />
            <TextAreaField label={`Evidence for ${principle.title}`} name={`evidence-${principle.id}`} rows={3} hint={evidenceHint('What the candidate said or did')} error={form.errorFor(`evidence-${principle.id}`)} value={ratings[principle.id]!.evidence} onChange={(event) => setRatings({ ...ratings, [principle.id]: { ...ratings[principle.id]!, evidence: event.target.value } })} />
          </fieldset>
        ))}
        <SelectField label="Overall vote" name="vote" value={vote} options={[{ value: '', label: 'Choose (there is no neutral)' }, ...Object.entries(VOTE_LABELS).map(([value, label]) => ({ value, label }))]} onChange={setVote} error={form.errorFor('vote')} />
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          {isOwn ? 'Submit feedback…' : 'Submit the scorecard…'}
        </Button>
      </form>
        {/* Once submitted, the form is gone: the keyboard goes to the feedback that has opened below. */}
        <ConfirmDialog
          title={isOwn ? `Submit your feedback on ${candidateName}?` : `Submit ${keyedInFor}'s scorecard?`}
          isOpen={isConfirming}
          isDestructive={false}
          description={
            isOwn ? (
              <p>Your feedback is final: it cannot be changed afterwards. {isShadow ? 'The other interviewers\' feedback opens to you at the debrief, once every interviewer has submitted.' : 'Once it is submitted, the other interviewers\' feedback opens to you.'}</p>
            ) : (
              <p>The scorecard is final: it cannot be changed afterwards. It is recorded as keyed in by you, for {keyedInFor}.</p>
            )
          }
          confirmLabel={isOwn ? 'Submit feedback' : 'Submit the scorecard'}
          cancelLabel="Keep editing"
          onConfirm={async () => {
            await doOnce(() => api('PUT', path, scorecard()), onSubmitted);
            onSubmitted();
          }}
          onClose={() => setConfirming(false)}
          focusAfterConfirm={() => document.getElementById('feedback-heading')}
        />
    </>
  );
}

/** The role template's prompt beside the rating, so every interviewer rates the same principle against the same bar. */
function RolePromptNote({ prompt }: { prompt: RolePrompt }) {
  return (
    <dl className="role-prompt">
      <dt>Ask</dt>
      <dd>{prompt.question}</dd>
      <dt>Strong evidence sounds like</dt>
      <dd>{prompt.strongEvidence}</dd>
    </dl>
  );
}

function FeedbackSection({ feedback }: { feedback: FeedbackList }) {
  return (
    <section aria-labelledby="feedback-heading">
      {/* Focusable: the keyboard comes here once submitted feedback has replaced the form that asked. */}
      <h3 id="feedback-heading" className="section-title" tabIndex={-1}>
        Feedback
      </h3>
      {feedback.isBlind && <p className="section-lead">Hidden until you submit your own feedback (or, outside the loop, until every interviewer has submitted).</p>}
      {feedback.feedback.map((entry) => (
        <article key={entry.personId} className="feedback-entry">
          <h4>
            {entry.name} · {SEAT_LABELS[entry.seat as keyof typeof SEAT_LABELS] ?? entry.seat} · <strong>{VOTE_LABELS[entry.vote]}</strong>
          </h4>
          {entry.keyedInBy !== null && <p className="table__muted">Keyed in by {entry.keyedInBy} from a paper scorecard.</p>}
          <RatedPrinciples ratings={entry.ratings} />
        </article>
      ))}
    </section>
  );
}

/** Moves the interview (the candidate or the panel cannot make it): feedback opens, and falls due, from the new time. */
/**
 * Rejecting asks why, from the server's closed list (no reason preselected: a default would be recorded on one
 * careless Enter), and takes an optional note. It can be undone (reinstating), so it is not asked twice.
 */
function RejectForm({ path, candidateName, onDone }: { path: string; candidateName: string; onDone(isRejected: boolean): void }) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const form = useApiForm(['reason', 'note']);
  return (
    <form
      className="form no-print"
      noValidate
      aria-label={`Reject ${candidateName}`}
      onSubmit={form.handleSubmit(async () => {
        await api('POST', path, { reason, note: note.trim() === '' ? null : note });
        onDone(true);
      })}
    >
      <FormMessage message={form.formError} />
      <SelectField label="Reason" name="reason" value={reason} options={[{ value: '', label: 'Choose a reason' }, ...REJECTION_REASONS.map((value) => ({ value, label: REJECTION_REASON_LABELS[value] }))]} onChange={setReason} error={form.errorFor('reason')} />
      <TextAreaField label="Note (optional)" name="note" rows={2} maxLength={REJECTION_NOTE_MAX} hint="Seen by whoever may see this candidate: the loop, the hiring manager, recruiters and admins." value={note} onChange={(event) => setNote(event.target.value)} error={form.errorFor('note')} />
      <FormActions isBusy={form.isPending} onCancel={() => onDone(false)}>
        Reject candidate
      </FormActions>
    </form>
  );
}

/**
 * The candidate's offers, earliest first, each with its answer once recorded (what it was, who recorded it); for the
 * latest, while awaited, those who make offers get the form that records it (once: offer.answered_once). A decline
 * frees the requisition's opening, and a revised offer may follow; the earlier offers stay listed.
 */
function OfferHistory({ base, candidate, canAnswer, onAnswered }: { base: string; candidate: Candidate; canAnswer: boolean; onAnswered(): void }) {
  const { offers } = candidate;
  const latest = offers.at(-1)!;
  const [isAnswering, setAnswering] = useState(false);
  return (
    <div className="offer-answer">
      <h4 id="offers-heading">{offers.length === 1 ? 'Offer' : `Offers (${offers.length})`}</h4>
      <ol aria-labelledby="offers-heading">
        {offers.map((offer, index) => (
          <li key={offer.id}>
            <p>
              {index === 0 ? 'Offer' : 'Revised offer'} made {formatDateTime(offer.createdAt)}
              {offer.createdBy && ` by ${offer.createdBy}`}.{' '}
              {offer.answer === null ? (
                'Awaiting their answer.'
              ) : (
                <>
                  <strong>
                    {OFFER_ANSWER_LABELS[offer.answer.answer]} on {formatUtcDate(`${offer.answer.answeredOn}T00:00:00Z`)}
                  </strong>
                  {offer.answer.recordedBy && ` (recorded by ${offer.answer.recordedBy})`}.{offer === latest && offer.answer.answer === 'declined' && ' The requisition\'s opening is free again.'}
                </>
              )}
            </p>
            {offer.answer?.note && <p className="section-lead">{offer.answer.note}</p>}
          </li>
        ))}
      </ol>
      {latest.answer === null && canAnswer && !isAnswering && (
        <Button size="small" onClick={() => setAnswering(true)}>
          Record their answer…
        </Button>
      )}
      {latest.answer === null && canAnswer && isAnswering && (
        <OfferAnswerForm
          path={`${base}/offer/answer`}
          candidateName={candidate.name}
          onDone={(isRecorded) => {
            setAnswering(false);
            if (isRecorded) onAnswered();
          }}
          onStale={onAnswered}
        />
      )}
    </div>
  );
}

/** Records the answer; a stale page (someone recorded it first) reloads behind the refusal, as a final action does. */
function OfferAnswerForm({ path, candidateName, onDone, onStale }: { path: string; candidateName: string; onDone(isRecorded: boolean): void; onStale(): void }) {
  const [answer, setAnswer] = useState('');
  const [answeredOn, setAnsweredOn] = useState(() => localDayValue(new Date()));
  const [note, setNote] = useState('');
  const form = useApiForm(['answer', 'answeredOn', 'note']);
  return (
    <form
      className="form no-print"
      noValidate
      aria-label={`Record ${candidateName}'s answer to the offer`}
      onSubmit={form.handleSubmit(async () => {
        await doOnce(() => api('POST', path, { answer, answeredOn, note: note.trim() === '' ? null : note }), onStale);
        onDone(true);
      })}
    >
      <FormMessage message={form.formError} />
      <SelectField label="Their answer" name="answer" value={answer} options={[{ value: '', label: 'Choose their answer' }, ...OFFER_ANSWERS.map((value) => ({ value, label: OFFER_ANSWER_LABELS[value] }))]} onChange={setAnswer} error={form.errorFor('answer')} hint="Recorded once. A decline frees the requisition's opening (for a revised offer, or other candidates); an acceptance keeps it filled, and is final." />
      <TextField label="On" name="answeredOn" type="date" value={answeredOn} onChange={(event) => setAnsweredOn(event.target.value)} error={form.errorFor('answeredOn')} />
      <TextAreaField label="Note (optional)" name="note" rows={2} maxLength={OFFER_ANSWER_NOTE_MAX} hint="Seen by whoever may see this candidate: the loop, the hiring manager, recruiters and admins." value={note} onChange={(event) => setNote(event.target.value)} error={form.errorFor('note')} />
      <FormActions isBusy={form.isPending} onCancel={() => onDone(false)}>
        Record answer
      </FormActions>
    </form>
  );
}

/** Undoes a withdrawal or a rejection; a refusal (the opening filled meanwhile) shows above the button. */
function ReinstateForm({ path, candidateName, onDone }: { path: string; candidateName: string; onDone(): void }) {
  const form = useApiForm([]);
  return (
    <form
      className="form form--inline no-print"
      noValidate
      aria-label={`Reinstate ${candidateName}`}
      onSubmit={form.handleSubmit(async () => {
        await api('POST', path);
        onDone();
      })}
    >
      <FormMessage message={form.formError} />
      <Button type="submit" size="small" isBusy={form.isPending}>
        Reinstate
      </Button>
    </form>
  );
}

function RescheduleForm({ path, interviewAt, onMoved }: { path: string; interviewAt: string; onMoved(): void }) {
  const [value, setValue] = useState(() => localDateTimeValue(new Date(interviewAt)));
  const form = useApiForm(['interviewAt']);
  return (
    <form
      className="form form--inline no-print"
      noValidate
      aria-label="Move the interview"
      onSubmit={form.handleSubmit(async () => {
        // A cleared or half-typed date goes as typed, for the server to name the field (as the loop planner does).
        const at = new Date(value);
        await api('PUT', path, { interviewAt: Number.isNaN(at.getTime()) ? value : at.toISOString() });
        onMoved();
      })}
    >
      <FormMessage message={form.formError} />
      <TextField label="New interview date and time" name="interviewAt" type="datetime-local" value={value} onChange={(event) => setValue(event.target.value)} error={form.errorFor('interviewAt')} />
      <Button type="submit" isBusy={form.isPending} className="form__inline-submit">
        Move the interview
      </Button>
    </form>
  );
}

type DebriefField = 'decision' | 'isBetterThanHalf' | 'justification';

/**
 * The debrief: the standing among incumbents, the bar raiser's decision form, the decision once recorded, and the offer.
 * Both the decision and the offer are final on the server (debrief.decided_once; no offer is withdrawn, and only a
 * decline leaves room for a revised one), so each is asked in a ConfirmDialog that names what cannot be undone. Nothing is chosen for the bar raiser: a
 * decision preset to either answer would record it on one careless Enter.
 */
function Debrief({ base, candidate, standing, voteTally, isOpeningFilled, onDecided }: { base: string; candidate: Candidate; standing: Standing | null; voteTally: FeedbackList['voteTally']; isOpeningFilled: boolean; onDecided(): void }) {
  const loop = candidate.loop!;
  const [decision, setDecision] = useState('');
  const [isBetterThanHalf, setBetterThanHalf] = useState('');
  const [justification, setJustification] = useState('');
  const [errors, setErrors] = useState<Partial<Record<DebriefField, string>>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState<DebriefDecisionInput | undefined>();
  // Which offer the dialog asks about, kept as asked: a refusal reloads the page behind it, which may change the offers.
  const [offerAsked, setOfferAsked] = useState<'first' | 'revised' | null>(null);
  const canOffer = candidate.viewer.isHiringManager || candidate.viewer.isHiringStaff;
  const isInProcess = candidate.withdrawnAt === null && candidate.rejection === null;
  const closedAt = candidate.requisition.closedAt === null ? null : new Date(candidate.requisition.closedAt);
  // The server's rule (offer.requisition_closed): after the close, only a hire decided before it gets an offer.
  const isOfferOwed = loop.decision === null || isOfferOwedAfterClose(closedAt, new Date(loop.decision.decidedAt));
  // An offer awaiting its answer, or accepted, stands; after a decline a revised offer may follow (offer.awaiting_answer, offer.accepted_final).
  const isRevising = candidate.offer?.answer?.answer === 'declined';
  const hasNoStandingOffer = standingOfferOf(candidate.offers) === undefined;
  // The server takes a no for a candidate above the bar (a veto may rest on something else than the comparison), so
  // the form asks for that other reason in so many words; a hire below the bar it refuses (debrief.raise_the_bar).
  const isVetoAboveTheBar = decision === 'no_hire' && isBetterThanHalf === 'yes';

  // The server's own rule (debrief-rules.ts) read before asking, so the dialog never confirms what will be refused.
  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found: Partial<Record<DebriefField, string>> = {};
    let checked: DebriefDecisionInput | undefined;
    if (decision !== 'hire' && decision !== 'no_hire') found.decision = 'Choose hire or no hire: there is no neutral.';
    if (isBetterThanHalf === '') found.isBetterThanHalf = 'Say whether the candidate is better than half of the people now in this role.';
    if (Object.keys(found).length === 0) {
      try {
        checked = assertCanDecide({ decision: decision as Decision, isBetterThanHalf: isBetterThanHalf === 'yes', justification }, { isBarRaiser: true, isDebriefOpen: true, alreadyDecided: false });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const field = error.details.field === 'justification' ? 'justification' : error.details.rule === 'debrief.raise_the_bar' ? 'isBetterThanHalf' : undefined;
        if (field) found[field] = error.message;
        else setFormError(error.message);
      }
    } else if (justification.trim() === '') {
      found.justification = 'Say why the candidate is (or is not) better than half of the people now in this role.';
    }
    setErrors(found);
    if (checked) {
      setFormError(undefined);
      setConfirming(checked);
      return;
    }
    const first = [...form.elements].find((element) => element instanceof HTMLElement && 'name' in element && typeof element.name === 'string' && element.name in found);
    if (first instanceof HTMLElement) first.focus();
  };

  return (
    <section aria-labelledby="debrief-heading">
      {/* Focusable: the keyboard comes here once a confirmed decision or offer has replaced the button that asked. */}
      <h3 id="debrief-heading" className="section-title" tabIndex={-1}>
        Debrief
      </h3>
      {/* The bar raiser reads the debrief as hers to run, with what she does then; everyone else is told who runs it. */}
      {!loop.isDebriefOpen && (
        <p className="section-lead">
          {candidate.viewer.seat === 'bar_raiser' && isInProcess
            ? 'You are the bar raiser: you run this debrief. It opens when every interviewer has submitted feedback; then hold it with the loop and record the decision here (hire or no hire, and whether the candidate is better than half of the people now in this role).'
            : 'The debrief opens when every interviewer has submitted feedback. The bar raiser runs it.'}
        </p>
      )}
      {loop.isDebriefOpen && !loop.decision && isInProcess && candidate.viewer.seat === 'bar_raiser' && (
        <p className="section-lead">Every interviewer&apos;s feedback is in: the debrief is yours to run. Hold it with the loop, then record the decision below; it is final.</p>
      )}
      {/* Counted on the server, and given only once the debrief is open to those who may read its feedback. */}
      {voteTally && (
        <ul className="vote-tally" aria-label="Votes of the loop's interviewers">
          {VOTES.map((vote) => (
            <li key={vote}>
              <strong>{voteTally[vote]}</strong> {VOTE_LABELS[vote].toLowerCase()}
            </li>
          ))}
        </ul>
      )}
      {standing && (
        <p>
          {standing.percentile === null
            ? `No review scores yet for ${standing.role} L${standing.level}, so there is nobody to compare with.`
            : `Loop average ${standing.candidateScore}/5: better than ${standing.below} of ${standing.incumbents} people now in ${standing.role} L${standing.level} (${standing.percentile}th percentile)${standing.isAboveMedian ? ', above the median.' : ', not above the median.'}`}
        </p>
      )}
      {loop.decision ? (
        <div role="status">
          <p>
            <strong>{loop.decision.decision === 'hire' ? 'Hire.' : 'No hire — the bar raiser vetoed this candidate.'}</strong> Better than half of the people now in this role: {loop.decision.isBetterThanHalf ? 'yes' : 'no'}. Recorded {formatDateTime(loop.decision.decidedAt)}; final.
          </p>
          <blockquote>{loop.decision.justification}</blockquote>
        </div>
      ) : (
        loop.isDebriefOpen &&
        isInProcess &&
        candidate.viewer.seat === 'bar_raiser' && (
          <form className="form no-print" noValidate aria-label="Debrief decision" onSubmit={review}>
            <FormMessage message={formError} />
            <SelectField label="Decision" name="decision" value={decision} options={[{ value: '', label: 'Choose (there is no neutral)' }, { value: 'hire', label: 'Hire' }, { value: 'no_hire', label: 'No hire (veto)' }]} onChange={setDecision} error={errors.decision} />
            <SelectField label="Better than half of the people now in this role?" name="isBetterThanHalf" value={isBetterThanHalf} options={[{ value: '', label: 'Choose' }, { value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} onChange={setBetterThanHalf} error={errors.isBetterThanHalf} />
            <TextAreaField label="Justification" name="justification" rows={3} hint={evidenceHint(isVetoAboveTheBar ? 'Better than half, yet no hire: say what else stops this hire (a principle they fell short on, a concern the loop raised)' : 'Why the candidate is, or is not, better than half of the people now in this role')} value={justification} onChange={(event) => setJustification(event.target.value)} error={errors.justification} />
            <Button type="submit" variant="primary">
              Record decision…
            </Button>
          </form>
        )
      )}
      {/* Once recorded, the form is gone: the keyboard goes to the section's title, above the decision. */}
      <ConfirmDialog
        title={confirming?.decision === 'no_hire' ? `Veto ${candidate.name}?` : `Record a hire for ${candidate.name}?`}
        isOpen={confirming !== undefined}
        isDestructive={confirming?.decision === 'no_hire'}
        description={
          confirming?.decision === 'no_hire' ? (
            <p>
              No hire is a veto: no offer can be made to {candidate.name}, on this requisition or any other, for {VETO_HOLDS_DAYS} days, whatever the hiring manager decides. The decision is final: it cannot be changed or withdrawn.
              {confirming.isBetterThanHalf && ' You answered that they are better than half of the people now in this role: your justification is the reason the veto stands on, and everyone who reads the decision reads it.'}
            </p>
          ) : (
            <p>The decision is final: it cannot be changed or withdrawn, and feedback closes. The hiring manager, recruiters and admins can then make an offer.</p>
          )
        }
        confirmLabel={confirming?.decision === 'no_hire' ? 'Record the veto' : 'Record hire'}
        cancelLabel="Not yet"
        onConfirm={async () => {
          // Decided in another tab meanwhile: the refusal shows here, and the page reloads to show that decision.
          await doOnce(() => api('POST', `${base}/decision`, confirming), onDecided);
          onDecided();
        }}
        onClose={() => setConfirming(undefined)}
        focusAfterConfirm={() => document.getElementById('debrief-heading')}
      />
      {candidate.offers.length > 0 && <OfferHistory base={base} candidate={candidate} canAnswer={canOffer} onAnswered={onDecided} />}
      {/* A veto leaves nothing to offer: the button would only be refused (and the attempt audited). */}
      {canOffer && loop.decision?.decision === 'hire' && hasNoStandingOffer && isInProcess && isOfferOwed && isOpeningFilled && (
        <p className="form-message">
          No offer for now: an offer to another candidate has filled this requisition&apos;s opening, and one opening takes one offer. For a second seat, or if that hire falls through, the requisition is closed and reopened
          {candidate.viewer.isHiringStaff ? '.' : ' by a recruiter or an admin.'}
        </p>
      )}
      {canOffer && loop.decision?.decision === 'hire' && hasNoStandingOffer && isInProcess && isOfferOwed && !isOpeningFilled && candidate.earlierVeto && (
        <p className="form-message">
          No offer for now: a bar raiser vetoed {candidate.name} for {candidate.earlierVeto.role} on {formatUtcDate(candidate.earlierVeto.decidedAt)}. A veto holds for the person on every requisition for {VETO_HOLDS_DAYS} days, until {formatUtcDate(candidate.earlierVeto.holdsUntil)} (UTC), whatever a later loop decides.
        </p>
      )}
      {canOffer && loop.decision?.decision === 'hire' && hasNoStandingOffer && isInProcess && isOfferOwed && !isOpeningFilled && !candidate.earlierVeto && (
        <Button variant="primary" onClick={() => setOfferAsked(isRevising ? 'revised' : 'first')}>
          {isRevising ? 'Make a revised offer…' : 'Create offer…'}
        </Button>
      )}
      {canOffer && loop.decision?.decision === 'hire' && hasNoStandingOffer && isInProcess && !isOfferOwed && closedAt && (
        <p className="form-message">
          No offer on this requisition: it closed {formatDateTime(closedAt.toISOString())}, before this hire was decided. A closed requisition makes offers only to hires decided before it closed;
          {candidate.viewer.isHiringStaff ? ' reopen it to make this offer.' : ' a recruiter or an admin can reopen it.'}
        </p>
      )}
      {/* The button goes once the offer is made: the keyboard goes to the section's title. */}
      <ConfirmDialog
        title={offerAsked === 'revised' ? `Make a revised offer to ${candidate.name}?` : `Make an offer to ${candidate.name}?`}
        isOpen={offerAsked !== null}
        isDestructive={false}
        description={
          <p>
            The offer is recorded and audited{offerAsked === 'revised' ? ', after the declined ones, which stay on the record' : ''}. It cannot be withdrawn in Pulse. Record {candidate.name}&apos;s answer once they give it: only a decline leaves room for another offer, and an acceptance is final.
          </p>
        }
        confirmLabel={offerAsked === 'revised' ? 'Make revised offer' : 'Create offer'}
        cancelLabel="Not yet"
        onConfirm={async () => {
          await doOnce(() => api('POST', `${base}/offer`), onDecided);
          onDecided();
        }}
        onClose={() => setOfferAsked(null)}
        focusAfterConfirm={() => document.getElementById('debrief-heading')}
      />
    </section>
  );
}
