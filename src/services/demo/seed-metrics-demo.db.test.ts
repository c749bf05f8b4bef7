import { describe, expect, it } from 'vitest';
import { accountSettingsFrom } from '../../server/serve.js';
import { testConfig, useTestApp } from '../../../test/support/test-app.js';
import { listMetrics } from '../metrics/metrics.service.js';
import { DEMO_LOGIN, seedDemoOrg } from './seed-demo-org.js';

const context = useTestApp();

describe('the metrics demo', () => {
  it('gives the demo org a catalog of inputs and outputs owned by its people, with controllable inputs linked to its initiatives', async () => {
    const db = context.database.db;
    const { orgId } = await seedDemoOrg(db, accountSettingsFrom(testConfig()));
    const admin = await db.selectFrom('users').select('id').where('email', '=', DEMO_LOGIN.email).executeTakeFirstOrThrow();
    const metrics = await listMetrics(db, { userId: admin.id, orgId, role: 'admin' });

    expect(metrics.length).toBeGreaterThanOrEqual(8);
    expect(metrics.length).toBeLessThanOrEqual(12);
    expect(new Set(metrics.map((metric) => metric.kind))).toEqual(new Set(['input', 'output']));
    expect(metrics.every((metric) => metric.owner !== null && metric.owner.leftOn === null && metric.definition.length > 40)).toBe(true);
    const linked = metrics.filter((metric) => metric.initiative !== null);
    expect(new Set(linked.map((metric) => metric.initiative!.name))).toEqual(new Set(['Adaptive gripper', 'Warehouse pilot']));
    expect(linked.every((metric) => metric.kind === 'input' && metric.controllable)).toBe(true);
    // One member-added metric, so the audit log shows more than the admin at work.
    const authors = await db.selectFrom('audit_events').select('actor_user_id').where('org_id', '=', orgId).where('action', '=', 'metric.created').execute();
    expect(new Set(authors.map((event) => event.actor_user_id)).size).toBe(2);
  });
});
