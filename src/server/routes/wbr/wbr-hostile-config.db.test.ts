import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG } from '../../../../test/support/wbr-review-fixture.js';

// Room in the body for a config of 50,000 metrics (about 3 MB), so that the config's own limit answers for it.
const context = useTestApp({ PULSE_MAX_BODY_BYTES: '8000000' });

const CHAIN = 50_000;
/** As long a chain as a config's 1 MiB holds: one that overflowed the call stack when metrics were ordered by recursion. */
const LONGEST_CHAIN = 15_000;

/** FULFILMENT_CONFIG with function metrics c0 .. c<length-1>, each using the next; the last uses `last`. */
function chainConfig(last: string, length = LONGEST_CHAIN): string {
  const lines: string[] = [];
  for (let i = 0; i < length; i++) lines.push(`  c${i}:`, '   function:', '    sum:', '    - metric:', `       name: ${i === length - 1 ? last : `c${i + 1}`}`);
  return FULFILMENT_CONFIG.replace('deck:\n', `${lines.join('\n')}\ndeck:\n`);
}

async function deckOrg() {
  const { client, orgId } = await signUpClient(context.app);
  const person = await client.post(`/orgs/${orgId}/people`, { name: 'Dana Whitfield', email: 'dana@example.test', role: 'Engineer', level: 5 });
  expect(person.status).toBe(201);
  return { client, orgId, ownerPersonId: person.body.person.id as string };
}

describe('WBR deck configs built to exhaust the reader', () => {
  it('a chain of function metrics as long as a config holds is saved; closed into a circle it is refused naming it', async () => {
    const { client, orgId, ownerPersonId } = await deckOrg();
    const tooLong = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Chain', ownerPersonId, config: chainConfig('Orders shipped', CHAIN) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'validation_failed', field: 'body.config' });

    const created = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Chain', ownerPersonId, config: chainConfig('Orders shipped') });
    expect(created.status).toBe(201);
    expect(created.body.deck.metrics).toHaveLength(LONGEST_CHAIN + 2);

    const circle = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Circle', ownerPersonId, config: chainConfig('c0') });
    expect(circle.status).toBe(400);
    expect(circle.body.error).toMatchObject({ code: 'invalid_config', field: 'metrics.c0', file: 'config.yaml' });
    expect(circle.body.error.message).toMatch(/Function metrics refer to each other in a circle: c0 -> c1 -> /);

    const replaced = await client.patch(`/orgs/${orgId}/wbr/decks/${created.body.deck.id as string}`, { config: chainConfig('c0') });
    expect(replaced.status).toBe(400);
    expect(replaced.body.error.code).toBe('invalid_config');
  });

  it('a member changing what a long chain linked to a colleague\'s catalog metric reads is refused, not failed', async () => {
    const { client: admin, orgId, ownerPersonId } = await deckOrg();
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const catalog = await admin.post(`/orgs/${orgId}/metrics`, { name: 'c0', definition: 'The top of the chain.', kind: 'output', controllable: false, ownerPersonId });
    expect(catalog.status).toBe(201);
    const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Chain', ownerPersonId, config: chainConfig('Orders shipped') });
    expect(created.status).toBe(201);
    // Comparing what c0 reads, and telling it in words, walks the whole chain down to its column.
    const repointed = await member.client.patch(`/orgs/${orgId}/wbr/decks/${created.body.deck.id as string}`, { config: chainConfig('Late deliveries') });
    expect(repointed.status).toBe(403);
    expect(repointed.body.error).toMatchObject({ code: 'forbidden', rule: 'wbr.repoints_linked_metric' });
    expect(repointed.body.error.message).toMatch(/it read sum of "c1" \(sum of "c2" \(/);
  });

  it('a YAML alias bomb and a file nested 50,000 deep are refused naming the problem', async () => {
    const { client, orgId, ownerPersonId } = await deckOrg();
    const lines = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`x${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const bomb = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Bomb', ownerPersonId, config: `${lines.join('\n')}\n${FULFILMENT_CONFIG}` });
    expect(bomb.status).toBe(400);
    expect(bomb.body.error).toMatchObject({ code: 'invalid_config', line: 5 });
    expect(bomb.body.error.message).toMatch(/aliases expand to more than 10,000 nodes, at the alias \*a3/);

    const deep = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Deep', ownerPersonId, config: `${FULFILMENT_CONFIG}annotations: ${'['.repeat(CHAIN)}${']'.repeat(CHAIN)}\n` });
    expect(deep.status).toBe(400);
    expect(deep.body.error.code).toBe('invalid_config');
    expect(deep.body.error.message).toMatch(/nests lists or mappings more than 500 levels deep/);

    const query = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Query', ownerPersonId, config: FULFILMENT_CONFIG.replace('    column: late\n', `    filter:\n      base_column: late\n      query: "${'('.repeat(CHAIN)}late > 0${')'.repeat(CHAIN)}"\n`) });
    expect(query.status).toBe(400);
    expect(query.body.error).toMatchObject({ code: 'invalid_config', field: 'metrics.Late deliveries.filter.query' });
    expect(query.body.error.message).toMatch(/nest more than 100 deep/);
  });
});
