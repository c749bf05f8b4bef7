import { useState } from 'react';
import { Button } from '../../components/button.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import { localDateTimeValue } from '../../lib/format.js';
import type { Principle } from '../../lib/api-types.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import type { Candidate, LoopPlan, PersonSummary, PoolMember } from './people-types.js';

interface SeatDraft {
  personId: string;
  seat: 'interviewer' | 'bar_raiser' | 'shadow';
  principleIds: string[];
}

/**
 * Sets up a candidate's loop: pick interviewers, let the planner spread principles and suggest the bar
 * raiser with the lightest load, adjust, then create. The server checks every composition rule.
 */
export function LoopPlanner({ orgId, candidate, onCreated }: { orgId: string; candidate: Candidate; onCreated(): void }) {
  const data = useResource(async (signal) => {
    const [{ people }, { principles }, { pool }] = await Promise.all([
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles`, undefined, { signal }),
      api<{ pool: PoolMember[] }>('GET', `/orgs/${orgId}/hiring/bar-raisers`, undefined, { signal }),
    ]);
    return { people, principles, pool };
  }, `${orgId}/planner`);
  const [chosen, setChosen] = useState<string[]>([]);
  const [seats, setSeats] = useState<SeatDraft[]>([]);
  const [plan, setPlan] = useState<LoopPlan | undefined>();
  const [interviewAt, setInterviewAt] = useState(() => localDateTimeValue(new Date(Date.now() + 86_400_000)));
  const planForm = useApiForm(['interviewerIds']);
  const createForm = useApiForm(['interviewAt']);

  if (!data.data) return data.error ? <ErrorNote message={data.error} onRetry={data.reload} /> : <LoadingNote label="Loading the planner…" />;
  const { people, principles, pool } = data.data;
  const nameOf = new Map(people.map((person) => [person.id, person.name]));
  const titleOf = new Map(principles.map((principle) => [principle.id, principle.title]));
  const trainees = pool.filter((member) => member.status === 'in_training');

  return (
    <div className="stack no-print">
      <form
        className="form"
        noValidate
        onSubmit={planForm.handleSubmit(async () => {
          const answer = await api<LoopPlan>('POST', `/orgs/${orgId}/hiring/loop-plans`, { requisitionId: candidate.requisition.id, interviewerIds: chosen });
          setPlan(answer);
          setSeats(answer.seats.map((seat) => ({ personId: seat.personId, seat: seat.personId === answer.suggestedBarRaiser?.personId ? 'bar_raiser' : 'interviewer', principleIds: seat.principleIds })));
        })}
      >
        <h3 className="section-title">Plan the interview loop</h3>
        <p className="section-lead">Choose 4–6 interviewers; the planner adds the bar raiser with the lightest recent load from outside the hiring manager's reporting chain, and spreads the principles.</p>
        <FormMessage message={planForm.formError} />
        <fieldset className="stack">
          <legend>Interviewers</legend>
          {people.map((person) => (
            <label key={person.id}>
              <input type="checkbox" checked={chosen.includes(person.id)} onChange={(event) => setChosen(event.target.checked ? [...chosen, person.id] : chosen.filter((id) => id !== person.id))} /> {person.name} <span className="table__muted">{person.role}</span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" isBusy={planForm.isPending} disabled={chosen.length === 0}>
          Plan the loop
        </Button>
      </form>
      {plan && (
        <form
          className="form"
          noValidate
          onSubmit={createForm.handleSubmit(async () => {
            // A cleared or half-typed date goes as typed: the server names the field, where toISOString() would throw
            // "Invalid time value" above the form.
            const at = new Date(interviewAt);
            await api('POST', `/orgs/${orgId}/hiring/candidates/${candidate.id}/loop`, { interviewAt: Number.isNaN(at.getTime()) ? interviewAt : at.toISOString(), interviewers: seats });
            onCreated();
          })}
        >
          <h3 className="section-title">The loop</h3>
          {plan.roleTemplate && (
            <p>
              Planned with the {plan.roleTemplate.name} template: its principles come first, and each interviewer sees the template's question for the principles they probe.
            </p>
          )}
          {plan.suggestedBarRaiser ? <p>Suggested bar raiser: {plan.suggestedBarRaiser.name} (recent load {plan.suggestedBarRaiser.recentLoad}).</p> : <p>No certified bar raiser is eligible for this hiring manager and team. Certify one from outside their reporting chain and outside the team this role joins.</p>}
          {plan.warnings.length > 0 && (
            <ul>
              {plan.warnings.slice(0, 8).map((warning) => (
                <li key={`${warning.kind}-${warning.principleId}`}>{warning.message}</li>
              ))}
              {plan.warnings.length > 8 && <li>…and {plan.warnings.length - 8} more.</li>}
            </ul>
          )}
          <ul className="rule-list">
            {seats.map((seat, index) => (
              <li key={seat.personId}>
                <SelectField
                  label={`Seat of ${nameOf.get(seat.personId)}`}
                  name={`seat-${seat.personId}`}
                  value={seat.seat}
                  options={[{ value: 'interviewer', label: 'Interviewer' }, { value: 'bar_raiser', label: 'Bar raiser' }]}
                  onChange={(value) => setSeats(seats.map((entry, at) => (at === index ? { ...entry, seat: value as SeatDraft['seat'] } : entry)))}
                />
                <span className="table__muted">Probes: {seat.principleIds.map((id) => titleOf.get(id)).join(', ')}</span>
              </li>
            ))}
          </ul>
          {trainees.length > 0 && (
            <SelectField
              label="Shadow (bar raiser in training)"
              name="shadow"
              value={seats.find((seat) => seat.seat === 'shadow')?.personId ?? ''}
              options={[{ value: '', label: 'No shadow' }, ...trainees.map((member) => ({ value: member.personId, label: member.name }))]}
              onChange={(value) => setSeats([...seats.filter((seat) => seat.seat !== 'shadow'), ...(value ? [{ personId: value, seat: 'shadow' as const, principleIds: [] }] : [])])}
            />
          )}
          <FormMessage message={createForm.formError} />
          <TextField label="Interview date and time" name="interviewAt" type="datetime-local" value={interviewAt} onChange={(event) => setInterviewAt(event.target.value)} error={createForm.errorFor('interviewAt')} />
          <Button type="submit" variant="primary" isBusy={createForm.isPending}>
            Create loop
          </Button>
        </form>
      )}
    </div>
  );
}
