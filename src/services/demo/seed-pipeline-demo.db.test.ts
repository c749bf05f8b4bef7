import { describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { getInitiativeRecord, getPipeline } from '../initiatives/pipeline.service.js';
import { listDocumentMeetings } from '../documents/reading-meetings.service.js';
import { getHome } from '../home/home.service.js';
import { getDocumentReview } from '../documents/document-review.service.js';
import { getOrgHealth } from '../people/people.service.js';
import { listAuditEvents } from '../audit/audit.service.js';
import { demoReaders } from './seed-documents-demo.js';

const context = useTestApp({}, { withDemoOrg: true });

describe('the pipeline demo', () => {
  it('has its documents written by the people whose work they are, and the gripper memo promise the team the org chart has', async () => {
    const db = context.database.db;
    const { orgId } = await seedDemoAsAdmin(db);
    const documents = await db.selectFrom('documents').innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.version', '=', 'documents.current_version'))
      .innerJoin('users', 'users.id', 'documents.created_by').select(['document_versions.title', 'documents.kind', 'document_versions.body', 'users.email']).where('documents.org_id', '=', orgId).execute();
    const authorOf = (kind: string, title: string) => documents.find((document) => document.kind === kind && document.title === title)?.email;
    // Dana heads the org and speaks for the Returns Robot; Marcus's engineers build the gripper and would run the
    // repairs; Priya writes the shopper-facing returns ideas.
    expect(authorOf('prfaq', 'Returns Robot')).toBe('demo@pulse.example');
    expect(authorOf('prfaq', 'Adaptive gripper')).toBe('marcus@pulse.example');
    expect(authorOf('memo', 'Adaptive gripper')).toBe('marcus@pulse.example');
    expect(authorOf('memo', 'Repair at the door')).toBe('marcus@pulse.example');
    expect(authorOf('prfaq', 'Gift returns')).toBe('priya@pulse.example');
    expect(authorOf('prfaq', 'Street lockers')).toBe('priya@pulse.example');
    expect(new Set(documents.map((document) => document.email)).size).toBe(3);

    // The memo names the team the org chart gives the gripper: as many engineers, by name.
    const memo = documents.find((document) => document.kind === 'memo' && document.title === 'Adaptive gripper')!;
    const team = await db.selectFrom('allocations').innerJoin('teams', 'teams.id', 'allocations.team_id').innerJoin('people', 'people.id', 'allocations.person_id')
      .select('people.name').where('teams.org_id', '=', orgId).where('teams.name', '=', 'Gripper').execute();
    const promised = /team of (\w+)/.exec(memo.body)?.[1];
    expect(['one', 'two', 'three', 'four', 'five', 'six'].indexOf(promised ?? '') + 1).toBe(team.length);
    for (const person of team) expect(memo.body).toContain(person.name);
  });

  it('shows initiatives across the stages, the Returns Robot through real gates and a kill with its reason', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const pipeline = await getPipeline(context.database.db, actor);
    expect(pipeline.counts).toEqual({ idea: 1, press_release: 1, faq: 1, memo: 1, reading_review: 1, approved: 1, staffing: 1, building: 1, launched: 1, killed: 1 });

    // The early stages are each held by the gate in front of them, as their documents stand.
    const held = async (name: string) => (await getInitiativeRecord(context.database.db, actor, pipeline.initiatives.find((initiative) => initiative.name === name)!.id)).next;
    expect(await held('Gift returns without a receipt')).toMatchObject({ stage: 'faq', checks: [expect.objectContaining({ rule: 'pipeline.press_release_compelling', met: false })] });
    expect((await held('Repair at the door'))?.checks).toContainEqual(expect.objectContaining({ rule: 'pipeline.memo_checks', met: false }));
    // The street lockers' FAQ is answered: the way to the memo stage is open.
    expect(await held('Street lockers')).toMatchObject({ stage: 'memo', checks: [expect.objectContaining({ met: true })] });

    const robot = pipeline.initiatives.find((initiative) => initiative.name === 'Returns Robot pickups')!;
    const record = await getInitiativeRecord(context.database.db, actor, robot.id);
    expect(record.transitions.map((transition) => transition.to)).toEqual(['reading_review', 'memo', 'faq', 'press_release']);
    // The memo's reading asked for another draft: approval is not open yet, and the gate says why.
    expect(record.next).toMatchObject({ stage: 'approved', checks: [{ rule: 'pipeline.reading_approved', met: false, message: 'The latest reading meeting decided to iterate, not to approve.' }] });

    const drone = pipeline.initiatives.find((initiative) => initiative.name === 'Drone returns')!;
    expect((await getInitiativeRecord(context.database.db, actor, drone.id)).transitions[0]).toMatchObject({ from: 'idea', to: 'killed', reason: expect.stringContaining('waiver') });
  });

  it('gives one initiative past approval its whole record: PR/FAQ, approved memo, leader, team, hiring and input metrics', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const pipeline = await getPipeline(context.database.db, actor);
    const gripper = pipeline.initiatives.find((initiative) => initiative.name === 'Adaptive gripper')!;
    const record = await getInitiativeRecord(context.database.db, actor, gripper.id);
    expect(record).toMatchObject({ stage: 'building', stl: { name: 'Kofi Mensah' }, prfaq: { title: 'Adaptive gripper' }, memo: { title: 'Adaptive gripper' } });
    expect(record.teams.length).toBeGreaterThan(0);
    expect(record.hiring.length).toBeGreaterThan(0);
    expect(record.metrics.filter((metric) => metric.kind === 'input' && metric.controllable).length).toBeGreaterThan(0);
    // The memo's reading ended with the approvers' approval, which a newcomer can open from the record.
    const meetings = await listDocumentMeetings(context.database.db, actor, record.memo!.id, new Date());
    expect(meetings).toEqual([expect.objectContaining({ phase: 'ended', decision: 'approve' })]);
  });

  it('dates the pipeline as months of work: stages entered weeks apart, in order, after the reviews and readings they stand on', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const now = Date.now();
    const day = 86_400_000;
    const pipeline = await getPipeline(context.database.db, actor);
    const ages = pipeline.initiatives.map((initiative) => (now - Date.parse(initiative.stageChangedAt)) / day);
    // "At this stage since" is spread over months, never the seeding second, and never in the future.
    expect(Math.min(...ages)).toBeGreaterThan(1);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(90);
    expect(new Set(ages.map((age) => Math.round(age))).size).toBe(pipeline.initiatives.length);

    const byName = (name: string) => pipeline.initiatives.find((initiative) => initiative.name === name)!;
    const robot = await getInitiativeRecord(context.database.db, actor, byName('Returns Robot pickups').id);
    const moves = robot.transitions.map((transition) => Date.parse(transition.at)).reverse();
    // Oldest first: each stage was entered at least a day after the one before it.
    moves.slice(1).forEach((at, index) => expect(at - moves[index]!).toBeGreaterThan(day));
    expect(Date.parse(robot.stageChangedAt)).toBe(moves.at(-1));
    // The press release's gate opened on its verdict: the move to the FAQ comes after it.
    const review = await getDocumentReview(context.database.db, actor, robot.prfaq!.id, 2);
    const toFaq = robot.transitions.find((transition) => transition.to === 'faq')!;
    expect(Date.parse(toFaq.at)).toBeGreaterThan(Date.parse(review.verdicts[0]!.decidedAt));
    // The memo's first reading (a week ago) came before its reading review; the second reading was booked with it.
    const [booked, first] = await listDocumentMeetings(context.database.db, actor, robot.memo!.id, new Date());
    expect(Date.parse(robot.stageChangedAt)).toBeGreaterThan(Date.parse(first!.createdAt));
    expect(Date.parse(booked!.createdAt)).toBeGreaterThanOrEqual(Date.parse(robot.stageChangedAt));

    // The gripper reached building after its memo's approval, and its team has built since.
    const gripper = await getInitiativeRecord(context.database.db, actor, byName('Adaptive gripper').id);
    const [approval] = await listDocumentMeetings(context.database.db, actor, gripper.memo!.id, new Date());
    expect(Date.parse(gripper.stageChangedAt)).toBeGreaterThan(Date.parse(approval!.createdAt));
  });

  it('gives the launched courier a leader and the controllable input its launch stands on', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const pipeline = await getPipeline(context.database.db, actor);
    const courier = await getInitiativeRecord(context.database.db, actor, pipeline.initiatives.find((initiative) => initiative.name === 'Same-day courier')!.id);
    expect(courier).toMatchObject({ stage: 'launched', stl: { name: 'Ravi Iyer' } });
    expect(courier.metrics.filter((metric) => metric.kind === 'input' && metric.controllable).length).toBeGreaterThan(0);
    expect(pipeline.attention.map((entry) => entry.name)).not.toContain('Same-day courier');
    // Leading it breaks none of the single-threaded rules the org health page checks.
    expect((await getOrgHealth(context.database.db, actor)).filter((violation) => violation.initiativeId === courier.id || violation.personId === courier.stl!.id)).toEqual([]);
  });

  it('gives the approved night-time deliveries a leader the single-threaded rules accept, so its gate to staffing is open', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const pipeline = await getPipeline(context.database.db, actor);
    const night = await getInitiativeRecord(context.database.db, actor, pipeline.initiatives.find((initiative) => initiative.name === 'Night-time deliveries')!.id);
    expect(night).toMatchObject({ stage: 'approved', stl: { name: 'Elif Demir' }, next: { stage: 'staffing', checks: [{ rule: 'pipeline.stl', met: true }] } });
    expect((await getOrgHealth(context.database.db, actor)).filter((violation) => violation.initiativeId === night.id || violation.personId === night.stl!.id)).toEqual([]);
  });

  it('dates the audit log with the changes it records: the Returns Robot\'s moves are logged when they were made', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const robot = (await getPipeline(context.database.db, actor)).initiatives.find((initiative) => initiative.name === 'Returns Robot pickups')!;
    const record = await getInitiativeRecord(context.database.db, actor, robot.id);
    const events = await listAuditEvents(context.database.db, actor, { limit: 50, filter: { subjectId: robot.id, actions: ['initiative.stage_changed'] } });
    expect(events.map((event) => event.createdAt)).toEqual(record.transitions.map((transition) => transition.at));
    // Across the demo, the log spans months of work, not the seeding second.
    const all = await listAuditEvents(context.database.db, actor, { limit: 500 });
    expect(new Set(all.map((event) => event.createdAt.slice(0, 10))).size).toBeGreaterThan(20);
  });

  it('books the Returns Robot memo\'s second reading, which waits on each approver\'s home for their vote', async () => {
    const { actor } = await seedDemoAsAdmin(context.database.db);
    const robot = (await getPipeline(context.database.db, actor)).initiatives.find((initiative) => initiative.name === 'Returns Robot pickups')!;
    const meetings = await listDocumentMeetings(context.database.db, actor, robot.memo!.id, new Date());
    // The first reading asked for another draft; the redraft's reading is booked and not started.
    expect(meetings.map((meeting) => [meeting.phase, meeting.decision, meeting.version])).toEqual([['scheduled', null, null], ['ended', 'iterate', 1]]);
    for (const reader of await demoReaders(context.database.db, actor)) {
      const { needsYou } = await getHome(context.database.db, reader, new Date());
      expect(needsYou).toContainEqual(expect.objectContaining({ kind: 'reading_meeting', documentId: robot.memo!.id, phase: 'scheduled', isVoteAwaited: true }));
    }
  });
});
