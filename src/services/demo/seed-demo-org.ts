import { sql } from 'kysely';
import type { Db } from '../../storage/database.js';
import { createOrgWithAdmin, signUpUser, type AccountSettings } from '../accounts/accounts.service.js';
import { editPrinciple, listPrinciples, createPrinciple, setPrincipleStatus } from '../principles/principles.service.js';
import type { OrgActor } from '../context.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { daysAgo, FOUNDED_DAYS_AGO } from './demo-calendar.js';
import { seedDocumentsDemo } from './seed-documents-demo.js';
import { seedMetricsDemo } from './seed-metrics-demo.js';
import { seedWbrDemo } from './seed-wbr-demo.js';
import { seedPeopleDemo } from './seed-people-demo.js';
import { seedPipelineDemo } from './seed-pipeline-demo.js';
import { seedPlaybooksDemo } from './seed-playbooks-demo.js';
import { seedSalesDemo } from './seed-sales-demo.js';

export const DEMO_ORG_NAME = 'Northwind Robotics';
export const DEMO_LOGIN = { email: 'demo@pulse.example', password: 'working-backwards' } as const;

const DEMO_PEOPLE = [
  { email: 'priya@pulse.example', name: 'Priya Raman', role: 'member' as const },
  { email: 'marcus@pulse.example', name: 'Marcus Oyelaran', role: 'member' as const },
  { email: 'lena@pulse.example', name: 'Lena Fischer', role: 'recruiter' as const },
];


/**
 * Creates the demo org once: an admin to sign in as, colleagues in each role, and principles that have
 * already lived a little (an edited wording, an added and a retired principle) so every page has a story.
 * Running it again changes nothing and reports the existing org.
 */
export async function seedDemoOrg(db: Db, settings: AccountSettings): Promise<{ orgId: string; isNew: boolean }> {
  const existing = await db.selectFrom('orgs').innerJoin('memberships', 'memberships.org_id', 'orgs.id').innerJoin('users', 'users.id', 'memberships.user_id')
    .select('orgs.id').where('orgs.name', '=', DEMO_ORG_NAME).where(sql`lower(users.email)`, '=', DEMO_LOGIN.email).executeTakeFirst();
  if (existing) return { orgId: existing.id, isNew: false };

  const { orgId, adminId } = await db.transaction().execute(async (trx) => {
    const userId = await signUpUser(trx, { email: DEMO_LOGIN.email, name: 'Dana Whitfield', password: DEMO_LOGIN.password }, settings);
    const org = await createOrgWithAdmin(trx, userId, DEMO_ORG_NAME, daysAgo(FOUNDED_DAYS_AGO));
    for (const [index, person] of DEMO_PEOPLE.entries()) {
      const personId = await signUpUser(trx, { email: person.email, name: person.name, password: DEMO_LOGIN.password }, settings);
      // Joined a day apart in the founding week, and the membership and its audit event say the same day.
      const joinedAt = daysAgo(FOUNDED_DAYS_AGO - 1 - index);
      await trx.insertInto('memberships').values({ org_id: org.id, user_id: personId, role: person.role, created_at: joinedAt }).execute();
      await recordAuditEvent(trx, { at: joinedAt, orgId: org.id, actorUserId: personId, action: 'member.joined', subjectType: 'user', subjectId: personId, data: { role: person.role } });
    }
    return { orgId: org.id, adminId: userId };
  });

  try {
    await seedDemoStory(db, { userId: adminId, orgId, role: 'admin' });
  } catch (error) {
    // The services seed in transactions of their own, so a failure half-way would leave an org that the next run
    // takes for a finished demo ("Found the demo org"). It goes, so the next run starts again from nothing.
    await removeDemoOrg(db, orgId);
    throw error;
  }
  return { orgId, isNew: true };
}

/** Removes the demo org (its records go with it) and the demo's logins that belong to no other org. */
export async function removeDemoOrg(db: Db, orgId: string): Promise<void> {
  const emails = [DEMO_LOGIN.email, ...DEMO_PEOPLE.map((person) => person.email)];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('orgs').where('id', '=', orgId).execute();
    await trx.deleteFrom('users').where(sql`lower(email)`, 'in', emails)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('memberships').select('memberships.user_id').whereRef('memberships.user_id', '=', 'users.id')))).execute();
  });
}

/** Principles that have lived a little, then each mechanism's demo, in the order their records depend on. */
async function seedDemoStory(db: Db, admin: OrgActor): Promise<void> {
  const { orgId } = admin;
  const principles = await listPrinciples(db, admin, { includeRetired: false });
  const customerObsession = principles.find((principle) => principle.slug === 'customer-obsession');
  // Settled in the org's first weeks, before any document, loop or review cites a wording (FOUNDED_DAYS_AGO).
  if (customerObsession) {
    await editPrinciple(db, admin, customerObsession.id, {
      title: customerObsession.title,
      summary: 'Start every plan from a named customer and their problem; write the press release before the code.',
      expectedVersion: customerObsession.version,
    }, daysAgo(FOUNDED_DAYS_AGO - 5));
  }
  await createPrinciple(db, admin, { title: 'Success and Scale Bring Broad Responsibility', summary: 'Weigh the second-order effects of what we build on customers, partners and communities.' }, daysAgo(FOUNDED_DAYS_AGO - 6));
  const experiment = await createPrinciple(db, admin, { title: 'Move Fast and Fix Later', summary: 'An experiment from last year: retired because it clashed with Insist on the Highest Standards.' }, daysAgo(FOUNDED_DAYS_AGO - 7));
  await setPrincipleStatus(db, admin, experiment.id, 'retired', daysAgo(FOUNDED_DAYS_AGO - 8));
  await seedDocumentsDemo(db, admin);
  await seedPeopleDemo(db, admin);
  await seedPipelineDemo(db, admin);
  // After the pipeline demo: the catalog links inputs to its initiatives (a launched one has its controllable input).
  await seedMetricsDemo(db, admin);
  // After the catalog: the review's anomalies go to the catalog metrics' owners.
  await seedWbrDemo(db, admin);
  await seedPlaybooksDemo(db, orgId);
  // After the people demo: each deal is owned by someone on the org chart.
  await seedSalesDemo(db, admin);
}
