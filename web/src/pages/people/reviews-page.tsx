import { useState } from 'react';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page, pageHeading } from '../../components/page.js';
import { api, ApiError } from '../../lib/api-client.js';
import type { Membership, Principle } from '../../lib/api-types.js';
import { formatDate, formatDay } from '../../lib/format.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useSubmitOverNewer } from '../../lib/use-draft-over-newer.js';
import { useSession } from '../../lib/session.js';
import { useResource, type Resource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { calibrationChoices, calibrationFiltersFrom, calibrationQuery, isNarrowed, NO_CALIBRATION_FILTERS, offeredRole, type CalibrationFilters } from './calibration-filters.js';
import { RatedPrinciples } from './rated-principles.js';
import { deletedCitationId, deletedCitationRefusal, evidenceErrorPlacement, evidenceHint, peopleBelow, personOptions, RATING_OPTIONS, reviewDraftOverNewer, type Calibration, type Cycle, type Evidence, type PersonSummary, type Review, type ReviewEntries } from './people-types.js';
import { Panel } from '../../components/panel.js';
import './people.css';

/** Review cycles; with a cycle id, that cycle's reviews by principle and its calibration view. */
export function ReviewsPage({ membership, cycleId }: { membership: Membership; cycleId?: string | undefined }) {
  const orgId = membership.org.id;
  const cycles = useResource(async (signal) => (await api<{ cycles: Cycle[] }>('GET', `/orgs/${orgId}/review-cycles`, undefined, { signal })).cycles, orgId);
  const [name, setName] = useState('');
  const form = useApiForm(['name']);
  if (cycleId) return <CyclePage membership={membership} cycleId={cycleId} />;
  return (
    <Page title="Reviews" context={membership.org.name} lead={<p>People are rated per principle, each rating with written evidence, drawing on each person's evidence ledger (on their page). Managers review the people below them; admins open cycles, calibrate per role and level, and close them. You read your own review once its cycle is closed.</p>}>
      {hasPermission(membership, 'reviews.manage') && (
        <Panel headingId="new-cycle-heading" title="Open a review cycle" isNewItemForm>
          <form
            className="form form--inline"
            noValidate
            onSubmit={form.handleSubmit(async () => {
              await api('POST', `/orgs/${orgId}/review-cycles`, { name });
              setName('');
              cycles.reload();
            })}
          >
            <FormMessage message={form.formError} />
            <TextField label="Cycle name" name="name" value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} />
            <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
              Open cycle
            </Button>
          </form>
        </Panel>
      )}
      {cycles.error && <ErrorNote message={cycles.error} onRetry={cycles.reload} />}
      {cycles.data?.length === 0 && (
        <EmptyState title="No review cycle yet">
          <p>
            A cycle is a period in which each person is rated per principle, every rating with written evidence, drawn from the evidence ledger on their page. A manager reviews the people below them on the{' '}
            <Link to={`/o/${orgId}/org`}>org chart</Link>, so put people and their reporting lines on <Link to={`/o/${orgId}/people`}>People</Link> first; then an admin opens the cycle here, calibrates it per role and level, and closes it.
          </p>
        </EmptyState>
      )}
      {cycles.data && cycles.data.length > 0 && (
        <DataTable columns={['Cycle', 'Status', 'Reviews', 'Opened']}>
          {cycles.data.map((cycle) => (
            <tr key={cycle.id}>
              <td>
                <Link to={`/o/${orgId}/reviews/${cycle.id}`}>{cycle.name}</Link>
              </td>
              <td>{cycle.status === 'open' ? 'Open' : 'Closed'}</td>
              <td>{cycle.reviewCount}</td>
              <td className="table__muted">{formatDate(cycle.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}

function CyclePage({ membership, cycleId }: { membership: Membership; cycleId: string }) {
  const orgId = membership.org.id;
  const isAdmin = hasPermission(membership, 'reviews.manage');
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;
  const data = useResource(async (signal) => {
    const [cycle, { people }, { principles }] = await Promise.all([
      api<{ cycle: Cycle; reviews: Review[] }>('GET', `/orgs/${orgId}/review-cycles/${cycleId}`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles`, undefined, { signal }),
    ]);
    return { ...cycle, people, principles };
  }, `${orgId}/${cycleId}`);
  // The calibration's filters live in the address (replaced, not pushed), so a chair can share a filtered view and a
  // reload keeps it; changing one reloads the calibration alone, not the cycle's reviews.
  const { search } = useLocation();
  const calibrationFilters = calibrationFiltersFrom(search);
  const query = calibrationQuery(calibrationFilters);
  const setCalibrationFilters = (next: CalibrationFilters) => navigate(`/o/${orgId}/reviews/${cycleId}${calibrationQuery(next)}`, { replace: true });
  const calibration = useResource(async (signal) => (isAdmin ? api<Calibration>('GET', `/orgs/${orgId}/review-cycles/${cycleId}/calibration${query}`, undefined, { signal }) : null), `${orgId}/${cycleId}${query}`);
  const reload = () => {
    data.reload();
    calibration.reload();
  };
  // Closing cannot be undone: it is confirmed in a dialog, as killing an initiative is.
  const [isConfirmingClose, setConfirmingClose] = useState(false);
  // Whom the review form is about: picked in the form, or by a name in the "Not reviewed yet" to-do.
  const [pickedPersonId, setPickedPersonId] = useState<string | undefined>();
  if (data.isLoading && !data.data) return <LoadingNote label="Loading the cycle…" />;
  if (data.error || !data.data) return <ErrorNote message={data.error ?? 'Not found.'} onRetry={data.reload} />;
  const { cycle, reviews, people, principles } = data.data;
  // Whom the viewer reviews in this cycle: nobody reviews themselves, and people who left get no review (the server
  // refuses both; /people lists only those still here).
  const reviewees = (isAdmin ? people : peopleBelow(people, viewerUserId)).filter((person) => person.leftOn === null && (person.userId === null || person.userId !== viewerUserId));
  const reviewedIds = new Set(reviews.map((review) => review.personId));
  const notReviewed = reviewees.filter((person) => !reviewedIds.has(person.id));
  const formPersonId = pickedPersonId ?? reviewees[0]?.id ?? '';
  const pick = (personId: string) => {
    setPickedPersonId(personId);
    // The form is where the reviewer goes next: its person field takes the focus (and so comes into view).
    document.querySelector<HTMLSelectElement>('form[aria-labelledby="write-review-heading"] select[name="personId"]')?.focus();
  };
  const close = async () => {
    await api('POST', `/orgs/${orgId}/review-cycles/${cycleId}/close`);
    reload();
  };
  return (
    <Page
      title={cycle.name}
      context={membership.org.name}
      lead={<p>{cycle.status === 'open' ? 'Open: reviews can be written and changed.' : 'Closed: its reviews no longer change.'}</p>}
      actions={
        <>
          <Link to={`/o/${orgId}/reviews`}>All cycles</Link>{' '}
          {isAdmin && cycle.status === 'open' && (
            <Button size="small" onClick={() => setConfirmingClose(true)}>
              Close cycle
            </Button>
          )}
        </>
      }
    >
      {/* Once closed, the Close cycle button goes: the keyboard goes to the page's title, whose lead now says Closed. */}
      <ConfirmDialog
        title={`Close “${cycle.name}”?`}
        isOpen={isConfirmingClose}
        description={<p>A closed cycle cannot be reopened: its reviews can no longer be written or changed.</p>}
        confirmLabel="Close cycle"
        cancelLabel="Keep it open"
        onConfirm={close}
        onClose={() => setConfirmingClose(false)}
        focusAfterConfirm={pageHeading}
      />
      {isAdmin && <CalibrationSection orgId={orgId} isOpen={cycle.status === 'open'} reviews={reviews} calibration={calibration} filters={calibrationFilters} onFilters={setCalibrationFilters} />}
      {/* The to-do and the form come before the reviews written so far: below a whole org's reviews, the form would sit
          thousands of pixels down on a phone. */}
      {cycle.status === 'open' && reviewees.length > 0 && (
        // A reviewer's to-do: who still has no review in this cycle, so nobody is forgotten before it closes. Each name
        // picks that person in the review form.
        <div className="review-todo">
          <p className="section-lead">
            {reviewees.length - notReviewed.length} of {reviewees.length} {isAdmin ? 'people' : 'people below you'} reviewed.
            {notReviewed.length === 0 ? ' Everyone has a review.' : ' Not reviewed yet (pick one to write their review):'}
          </p>
          {notReviewed.length > 0 && (
            <ul className="review-todo__names" aria-label="Not reviewed yet">
              {notReviewed.map((person) => (
                <li key={person.id}>
                  <Button size="small" aria-pressed={person.id === formPersonId} onClick={() => pick(person.id)}>
                    {person.name}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {cycle.status === 'open' && <ReviewForm orgId={orgId} cycleId={cycleId} people={reviewees} principles={principles} reviews={reviews} personId={formPersonId} onPick={setPickedPersonId} onSaved={reload} />}
      <section aria-labelledby="reviews-heading">
        <h2 id="reviews-heading" className="section-title">
          Reviews
        </h2>
        {!isAdmin && cycle.status === 'open' && <p className="section-lead">Your own review shows here once the cycle is closed: until then it can still change.</p>}
        {reviews.map((review) => (
          <article key={review.personId} className="feedback-entry">
            <h3>{review.name}</h3>
            <p className="table__muted">
              Reviewed as {review.role}, level {review.level}
              {review.leftOn !== null && `; left the company on ${formatDay(review.leftOn)}`}
              {` · ${review.reviewer === null ? 'saved' : `by ${review.reviewer}`} on ${formatDate(review.updatedAt)}`}
            </p>
            <RatedPrinciples ratings={review.ratings} />
          </article>
        ))}
      </section>
    </Page>
  );
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The calibration chair's view of a cycle: filtered by role and level (kept in the address), the groups compared side
 * by side, then each group's people. Thin reviews are left out of the group averages unless the chair counts them in.
 */
function CalibrationSection({ orgId, isOpen, reviews, calibration, filters, onFilters }: { orgId: string; isOpen: boolean; reviews: readonly Review[]; calibration: Resource<Calibration | null>; filters: CalibrationFilters; onFilters(next: CalibrationFilters): void }) {
  const { roles, levels } = calibrationChoices(reviews, filters);
  const shown = calibration.data;
  const narrowed = isNarrowed(filters);
  const clear = () => {
    onFilters({ ...NO_CALIBRATION_FILTERS, includeThin: filters.includeThin });
    // The Clear button goes with the filters: the keyboard goes back to the first of them.
    document.querySelector<HTMLSelectElement>('form[aria-label="Filter the calibration"] select[name="calibration-role"]')?.focus();
  };
  const thinLeftOut = shown?.groups.reduce((total, group) => total + group.thinLeftOut, 0) ?? 0;
  const thinCounted = shown?.includesThin === true ? shown.groups.reduce((total, group) => total + group.people.filter((person) => person.isThin).length, 0) : 0;
  return (
    <section aria-labelledby="calibration-heading">
      <h2 id="calibration-heading" className="section-title">
        Calibration by role and level
      </h2>
      <p className="section-lead">
        Grouped by the role and level each person had when their review was written. Reviews that rate at least half {isOpen ? 'the active principles' : `the ${shown?.judgedAgainst.length ?? ''} principles the cycle was closed with`} are ranked first, best average first; thinner reviews follow, marked, whatever their average, and are left out of the group averages unless you count them in.
        {isOpen ? ' People who have left are not calibrated.' : ' Principles added or retired since the cycle closed change nothing here.'}
      </p>
      <form className="form form--inline" aria-label="Filter the calibration" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Role" name="calibration-role" value={offeredRole(roles, filters.role)} options={[{ value: '', label: 'Every role' }, ...roles.map((role) => ({ value: role, label: role }))]} onChange={(role) => onFilters({ ...filters, role })} />
        <SelectField label="Level" name="calibration-level" value={filters.level} options={[{ value: '', label: 'Every level' }, ...levels.map((level) => ({ value: String(level), label: `L${level}` }))]} onChange={(level) => onFilters({ ...filters, level })} />
        {narrowed && (
          <Button variant="quiet" className="form__inline-submit" onClick={clear}>
            Clear filters
          </Button>
        )}
      </form>
      {calibration.isLoading && !shown && <LoadingNote label="Loading the calibration…" />}
      {calibration.error && <ErrorNote message={calibration.error} onRetry={calibration.reload} />}
      {shown && shown.groups.length === 0 && !narrowed && <p className="section-lead">No reviews yet.</p>}
      {shown && shown.groups.length === 0 && narrowed && (
        <p className="section-lead" role="status">
          No review in this cycle is {[filters.role === '' ? null : `of a ${offeredRole(roles, filters.role)}`, filters.level === '' ? null : `at L${filters.level}`].filter((part) => part !== null).join(' ')}
          {isOpen ? ' (people who have left are not calibrated)' : ''}: clear the filters to see every role and level.
        </p>
      )}
      {shown && shown.groups.length > 0 && (
        <>
          {/* The toggle sits with the averages it changes; it changes nobody's place in the lists below. */}
          <div className="calibration-toggle">
            <label>
              <input type="checkbox" name="calibration-include-thin" checked={filters.includeThin} onChange={(event) => onFilters({ ...filters, includeThin: event.target.checked })} /> Count thin reviews in the group averages
            </label>
          </div>
          <p className="section-lead" role="status">
            {shown.includesThin && thinCounted > 0
              ? `Thin reviews count in these averages (${plural(thinCounted, 'thin review', 'thin reviews')} included).`
              : thinLeftOut > 0
                ? `${plural(thinLeftOut, 'thin review', 'thin reviews')} left out of these averages: listed, marked, in their groups below.`
                : 'No thin review here: every review counts in the averages.'}
          </p>
          <GroupAverages groups={shown.groups} principles={shown.principles} includesThin={shown.includesThin} />
          {shown.groups.map((group) => (
            <div key={`${group.role}-${group.level}`}>
              <h3>
                {group.role} L{group.level}
              </h3>
              <DataTable columns={['Person', 'Average', 'Principles rated', ...shown.principles.map((principle) => principle.title)]}>
                {group.people.map((person) => (
                  <tr key={person.personId}>
                    <td>
                      <Link to={`/o/${orgId}/people/${person.personId}`}>{person.name}</Link>
                      {person.isThin && (
                        <>
                          {' '}
                          <span className="badge">Thin review</span>
                        </>
                      )}
                    </td>
                    <td>{person.average ?? '—'}</td>
                    <td className={person.isThin ? 'table__muted' : undefined}>
                      {person.coverage.rated} of {person.coverage.of}
                    </td>
                    {shown.principles.map((principle) => (
                      <td key={principle.id}>{person.ratings[principle.id] ?? '—'}</td>
                    ))}
                  </tr>
                ))}
              </DataTable>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

/**
 * Each group's average rating per principle, one row per group: where the calibration chair compares groups (a level
 * rated higher than the one above it on a principle, a role rated apart from its peers) before reading the people in
 * each. Every average says how many ratings it rests on, so an average of one rating is not read as the group's; a
 * principle none of the counted reviews rates shows a dash, never a zero. On a phone each group stacks, its averages
 * under their principle's name.
 */
function GroupAverages({ groups, principles, includesThin }: { groups: Calibration['groups']; principles: readonly { id: string; title: string }[]; includesThin: boolean }) {
  return (
    <>
      <h3>Average rating per principle, by group</h3>
      <DataTable columns={['Group', 'Reviews averaged', ...principles.map((principle) => principle.title)]} label="Average rating per principle, by group" stacksOnPhones>
        {groups.map((group) => {
          const averaged = group.people.filter((person) => person.isInAverages).length;
          const thinIncluded = includesThin ? group.people.filter((person) => person.isThin).length : 0;
          return (
            <tr key={`${group.role}-${group.level}`}>
              <td>
                {group.role} L{group.level}
              </td>
              <td data-label="Reviews averaged">
                {averaged}
                {group.thinLeftOut > 0 && <span className="table__muted calibration-count"> ({plural(group.thinLeftOut, 'thin review', 'thin reviews')} left out)</span>}
                {thinIncluded > 0 && <span className="table__muted calibration-count"> ({plural(thinIncluded, 'thin review', 'thin reviews')} included)</span>}
              </td>
              {principles.map((principle) => {
                const count = group.principleRatingCounts[principle.id];
                return (
                  <td key={principle.id} data-label={principle.title}>
                    {group.principleAverages[principle.id] ?? '—'}
                    {count !== undefined && <span className="table__muted calibration-count"> ({plural(count, 'rating', 'ratings')})</span>}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}

/** A review rates the principles its writer has evidence for: the others stay "Not rated". */
const REVIEW_RATING_OPTIONS = [{ value: '', label: 'Not rated' }, ...RATING_OPTIONS];


/** The form's entries for a saved review: every rating it has, so saving the whole review again keeps them. */
const entriesOf = (review: Review | undefined): ReviewEntries => Object.fromEntries((review?.ratings ?? []).map((rating) => [rating.principleId, { rating: String(rating.rating), evidence: rating.evidence, evidenceIds: [...rating.evidenceIds] }]));


function ReviewForm({ orgId, cycleId, people, principles, reviews, personId, onPick, onSaved }: { orgId: string; cycleId: string; people: PersonSummary[]; principles: Principle[]; reviews: Review[]; personId: string; onPick(personId: string): void; onSaved(): void }) {
  const setPersonId = onPick;
  const existing = reviews.find((review) => review.personId === personId);
  // The form starts from the person's saved review (a save replaces the whole review), and starts again from it when
  // another person is chosen. A newer save of the same review (a colleague's, read again after a 409) becomes the form's
  // base with what was typed here kept over it (reviewDraftOverNewer).
  const source = `${personId}@${existing?.reviewVersion ?? 0}`;
  const [loadedFrom, setLoadedFrom] = useState(source);
  const [read, setRead] = useState<ReviewEntries>(() => entriesOf(existing));
  const [entries, setEntries] = useState<ReviewEntries>(() => entriesOf(existing));
  const { newerNote, submit, clearNewerNote } = useSubmitOverNewer();
  if (loadedFrom !== source) {
    const latest = entriesOf(existing);
    const isSamePerson = loadedFrom.slice(0, loadedFrom.lastIndexOf('@')) === personId;
    setLoadedFrom(source);
    setRead(latest);
    setEntries(isSamePerson ? reviewDraftOverNewer(read, latest, entries) : latest);
    if (!isSamePerson) clearNewerNote();
  }
  // The person's ledger: entries of a principle can be cited by the rating of that principle.
  const ledger = useResource(async (signal) => (personId ? (await api<{ evidence: Evidence[] }>('GET', `/orgs/${orgId}/ledgers/${personId}`, undefined, { signal })).evidence : []), `${orgId}/${personId}/ledger`);
  // The ratings sent: the principles rated (or given evidence), in the order entered. The server names a short
  // evidence by its index.
  const sent = Object.entries(entries).filter(([, entry]) => entry.rating !== '' || entry.evidence.trim().length > 0);
  const placeEvidence = evidenceErrorPlacement('ratings', 'evidence', (index) => (sent[index] ? `evidence-${sent[index][0]}` : undefined));
  const form = useApiForm(['ratings', ...principles.flatMap((principle) => [`rating-${principle.id}`, `evidence-${principle.id}`])], (error) => deletedCitationRefusal(error, ledger.data ?? [], 'review') ?? placeEvidence(error));
  if (people.length === 0) return <p className="section-lead">Nobody to review: managers review the people below them in the org chart.</p>;
  // A principle the review has not rated reads "Not rated", never a rating nobody gave.
  const entryOf = (id: string) => entries[id] ?? { rating: '', evidence: '', evidenceIds: [] };
  const update = (id: string, change: Partial<{ rating: string; evidence: string; evidenceIds: string[] }>) => setEntries({ ...entries, [id]: { ...entryOf(id), ...change } });
  return (
    <form
      className="form panel"
      noValidate
      aria-labelledby="write-review-heading"
      onSubmit={form.handleSubmit(async () => {
        // Cleared before the check below too: a refusal of it is not the colleague's save.
        clearNewerNote();
        const unrated = sent.find(([, entry]) => entry.rating === '');
        if (unrated) {
          const title = principles.find((principle) => principle.id === unrated[0])?.title ?? 'this principle';
          throw new ApiError(400, 'validation_failed', `Choose a rating for ${title}, or clear its evidence.`, `rating-${unrated[0]}`);
        }
        const ratings = sent.map(([principleId, entry]) => ({ principleId, rating: Number(entry.rating), evidence: entry.evidence, evidenceIds: entry.evidenceIds }));
        // Saving names the version this form started from: if someone saved meanwhile, the server answers 409 and says so.
        const baseVersion = reviews.find((review) => review.personId === personId)?.reviewVersion ?? 0;
        // Refused as stale, the page's reload reads the cycle again: the colleague's review becomes the form's base and
        // this reviewer's changes stay over it, where reloading the whole form would throw them away.
        await submit({
          save: async () => {
            try {
              return await api('PUT', `/orgs/${orgId}/review-cycles/${cycleId}/reviews/${personId}`, { ratings, baseVersion });
            } catch (error) {
              // A cited entry deleted since the ledger was read: its box goes with the ledger read again, so it is
              // uncited here too (else every save would cite it again, unseen); the refusal names it (deletedCitationRefusal).
              const gone = deletedCitationId(error);
              if (gone !== undefined) {
                setEntries(Object.fromEntries(Object.entries(entries).map(([id, entry]) => [id, { ...entry, evidenceIds: entry.evidenceIds.filter((cited) => cited !== gone) }])));
                ledger.reload();
              }
              throw error;
            }
          },
          tokenField: 'baseVersion',
          note: () => `Someone saved ${people.find((person) => person.id === personId)?.name ?? 'this person'}'s review after you opened it. The form now holds their review, with the ratings you changed kept as you wrote them: check it, then save again.`,
        });
        onSaved();
      })}
    >
      <h2 id="write-review-heading" className="panel__title">
        {existing ? `Edit ${existing.name}'s review` : 'Write a review'}
      </h2>
      <p className="section-lead">
        Rate the principles you have evidence for, each with written evidence; a principle left "Not rated" is not part of the review. Entries of the person's evidence ledger can be cited under their principle.
        {existing && ` The form shows the review saved on ${formatDate(existing.updatedAt)}: saving replaces it with what the form holds.`}
      </p>
      <FormMessage message={form.formError} />
      <FormMessage message={newerNote} />
      <SelectField
        label="Person"
        name="personId"
        value={personId}
        options={personOptions(people)}
        onChange={setPersonId}
      />
      {principles.map((principle) => {
        const cited = (ledger.data ?? []).filter((entry) => entry.principleId === principle.id);
        return (
          <fieldset key={principle.id} className="review-principle">
            <legend>{principle.title}</legend>
            <div className="two-columns">
              <SelectField label={`Rating for ${principle.title}`} name={`rating-${principle.id}`} value={entryOf(principle.id).rating} options={REVIEW_RATING_OPTIONS} onChange={(value) => update(principle.id, { rating: value })} error={form.errorFor(`rating-${principle.id}`)} />
              <TextAreaField label={`Evidence for ${principle.title}`} name={`evidence-${principle.id}`} rows={2} hint={evidenceHint('What they did')} error={form.errorFor(`evidence-${principle.id}`)} value={entryOf(principle.id).evidence} onChange={(event) => update(principle.id, { evidence: event.target.value })} />
            </div>
            {cited.map((entry) => (
              <label key={entry.id} className="review-principle__cite">
                <input
                  type="checkbox"
                  checked={entryOf(principle.id).evidenceIds.includes(entry.id)}
                  onChange={(event) => update(principle.id, { evidenceIds: event.target.checked ? [...entryOf(principle.id).evidenceIds, entry.id] : entryOf(principle.id).evidenceIds.filter((id) => id !== entry.id) })}
                />{' '}
                Cite from the ledger: {entry.text}
                {entry.correctedAt !== null && <span className="table__muted"> (corrected on {formatDate(entry.correctedAt)})</span>}
              </label>
            ))}
          </fieldset>
        );
      })}
      <Button type="submit" variant="primary" isBusy={form.isPending}>
        Save review
      </Button>
    </form>
  );
}
