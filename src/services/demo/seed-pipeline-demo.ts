import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { linkInitiativeDocuments, moveInitiative, proposeIdea } from '../initiatives/pipeline.service.js';
import { createInitiative } from '../people/org-structure.service.js';

/**
 * Gives the demo org a pipeline with a story: the Returns Robot has walked the real gates up to its reading review
 * (its PR/FAQ was found compelling, its memo's reading asked for another draft), a fresh idea waits for its press
 * release, a drone idea was killed with its reason, and older work sits at approval, staffing, building and launch.
 * Runs after the documents and people demos, whose records the gates read.
 */
export async function seedPipelineDemo(db: Db, admin: OrgActor): Promise<void> {
  const documents = await db.selectFrom('documents').select(['id', 'kind']).where('org_id', '=', admin.orgId).orderBy('created_at').execute();
  const prfaq = documents.find((document) => document.kind === 'prfaq');
  const memo = documents.find((document) => document.kind === 'memo');
  if (prfaq && memo) {
    const robot = await proposeIdea(db, admin, { name: 'Returns Robot pickups', prfaqDocumentId: prfaq.id });
    await moveInitiative(db, admin, robot.id, { to: 'press_release', reason: 'The first draft of the press release is up for review.' });
    await moveInitiative(db, admin, robot.id, { to: 'faq', reason: 'Both readers found version 2 compelling.' });
    await linkInitiativeDocuments(db, admin, robot.id, { memoDocumentId: memo.id });
    await moveInitiative(db, admin, robot.id, { to: 'memo', reason: 'The FAQ answers the pickup cost and faces the stairs risk.' });
    await moveInitiative(db, admin, robot.id, { to: 'reading_review', reason: 'The memo passes the hard checks; the reading is booked.' });
  }
  await proposeIdea(db, admin, { name: 'Gift returns without a receipt' });
  const drone = await proposeIdea(db, admin, { name: 'Drone returns' });
  await moveInitiative(db, admin, drone.id, { to: 'killed', reason: 'Drones may not fly over homes here without a waiver, and the Returns Robot solves the same problem from the sidewalk.' });
  // Work that was under way before the org used Pulse starts at its real stage.
  await createInitiative(db, admin, { name: 'Night-time deliveries', status: 'active', stage: 'approved', stlPersonId: null });
  await createInitiative(db, admin, { name: 'Same-day courier', status: 'done', stage: 'launched', stlPersonId: null });
}
