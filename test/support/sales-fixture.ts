import { signUpClient, type ApiClient } from './test-app.js';
import type { PulseApp } from '../../src/server/app.js';

/** Adds a person to the org chart through the API and returns their id. */
export async function addPerson(client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Account executive', level: 6, ...extra });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

/** An org with an admin and two sellers, and one opportunity in discovery (240,000, no cost yet) owned by the first. */
export async function salesOrg(app: PulseApp) {
  const { client, orgId } = await signUpClient(app);
  const kofi = await addPerson(client, orgId, 'Kofi Mensah');
  const dana = await addPerson(client, orgId, 'Dana Whitfield');
  const created = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId: kofi, amount: 240000, closeDate: '2027-03-31' });
  if (created.status !== 201) throw new Error(`creating the opportunity failed: ${JSON.stringify(created.body)}`);
  const id = created.body.opportunity.id as string;
  return { client, orgId, kofi, dana, id, base: `/orgs/${orgId}/opportunities/${id}` };
}
