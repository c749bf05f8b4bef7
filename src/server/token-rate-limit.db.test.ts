import { describe, expect, it } from 'vitest';
import { ApiClient, signUpClient, useTestApp } from '../../test/support/test-app.js';

const context = useTestApp({ PULSE_TOKEN_REQUESTS_PER_MINUTE: '3' });

describe('requests per API token', () => {
  it('answers a token over its minute\'s requests with 429 and Retry-After, and leaves the browser session alone', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const script = new ApiClient(context.app);
    script.bearer = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'busy loop' })).body.token;
    for (let n = 0; n < 3; n++) expect((await script.get(`/orgs/${orgId}/principles`)).status).toBe(200);
    const over = await script.get(`/orgs/${orgId}/principles`);
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('The API token "busy loop" made more than 3 requests this minute') });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let n = 0; n < 5; n++) expect((await client.get(`/orgs/${orgId}/principles`)).status).toBe(200);
  });
});
