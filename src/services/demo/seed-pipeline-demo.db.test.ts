import { describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { getInitiativeRecord, getPipeline } from '../initiatives/pipeline.service.js';

const context = useTestApp();

describe('the pipeline demo', () => {
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
});
