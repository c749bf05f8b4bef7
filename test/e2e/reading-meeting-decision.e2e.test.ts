import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { newPerson, signedInPage, signedUpWithApi, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { ApiClient, createTestApp, inviteClient, TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

const MEMO = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';

/** A memo long enough to scroll in the reading pane, section after section. */
const LONG_MEMO = ['# Faster refunds', ...['Context', 'Proposal', 'Risks', 'Costs'].flatMap((section) => [`## ${section}`, ...Array.from({ length: 6 }, (_, index) => `Customers who return an item in week ${index + 1} wait nine days for their money, and they tell us in the survey that the wait is the worst part of shopping with us.`)])].join('\n\n') + '\n';

/** An admin facilitating a reading of a new memo by one member, the approver, who has finished reading it. */
async function meetingReadBy(body: string) {
  const { page, api, orgId } = await signedUpWithApi(stack, newPerson('facilitator'));
  const approver = await inviteClient(createTestApp(stack.server.database.db).app, api, orgId, 'member');
  const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body })).body.document as { id: string; version: number };
  const meeting = (await api.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [approver.userId] })).body.meeting as { id: string };
  const meetingApi = `/orgs/${orgId}/meetings/${meeting.id}`;
  expect((await api.post(`${meetingApi}/start`, {})).status).toBe(200);
  return { page, api, orgId, approver, document, meetingApi, url: `/o/${orgId}/documents/${document.id}?meeting=${meeting.id}` };
}

const meetingOf = async (api: ApiClient, meetingApi: string) => (await api.get(meetingApi)).body.meeting as { phase: string; decision: { decision: string } | null; attendees: Array<{ lastSection: string | null }> };

describe('a reading meeting\'s decision and what the facilitator sees of it', () => {
  it('ends the meeting with the decision the facilitator confirmed: a vote changed meanwhile is refused and shown, not recorded unseen', async () => {
    const { page, api, approver, meetingApi, url } = await meetingReadBy(MEMO);
    await approver.client.post(`${meetingApi}/progress`, { percent: 100, isDone: true });
    expect((await approver.client.post(`${meetingApi}/votes`, { decision: 'approve' })).status).toBe(200);
    await page.goto(url);
    const panel = page.getByRole('region', { name: 'Facilitator' });
    await panel.getByText('The approvers decided: approve.').waitFor();
    await panel.getByLabel('Decision notes').fill('Approved: staff it.');
    await panel.getByRole('button', { name: 'End the meeting' }).click();
    const dialog = page.getByRole('dialog', { name: 'End the meeting?' });
    await dialog.getByText('The decision (approve) is recorded').waitFor();

    // The approver changes their vote just before the facilitator's confirmation reaches the server.
    await page.route('**/end', async (route) => {
      expect((await approver.client.post(`${meetingApi}/votes`, { decision: 'iterate' })).status).toBe(200);
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'End the meeting' }).click();
    await dialog.getByText('The approvers decided iterate; the meeting ends with their decision, not approve.').waitFor();
    expect((await meetingOf(api, meetingApi)).phase).toBe('discussion');
    await page.unroute('**/end');

    // Read again at once, the dialog names the approvers' decision as it now is; confirmed, that is what is recorded.
    await dialog.getByText('The decision (iterate) is recorded').waitFor();
    await dialog.getByRole('button', { name: 'End the meeting' }).click();
    await page.getByRole('region', { name: 'Decision' }).getByText('Decision: iterate').waitFor();
    expect((await meetingOf(api, meetingApi)).decision?.decision).toBe('iterate');
  });

  it('lets a facilitator who also approves vote blind: the approvers\' decision shows only once their own vote is in', async () => {
    const { page, api, orgId } = await signedUpWithApi(stack, newPerson('facilitator'));
    const testApp = createTestApp(stack.server.database.db).app;
    const [author, bob] = [await inviteClient(testApp, api, orgId, 'member'), await inviteClient(testApp, api, orgId, 'member')];
    const me = (await api.get('/auth/session')).body.user.id as string;
    // A member's memo, put before a review by an admin who approves it with Bob (through the API: the form offers others).
    const document = (await author.client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document as { id: string };
    const meeting = (await api.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [me, bob.userId] })).body.meeting as { id: string };
    const meetingApi = `/orgs/${orgId}/meetings/${meeting.id}`;
    expect((await api.post(`${meetingApi}/start`, {})).status).toBe(200);
    for (const reader of [api, bob.client]) expect((await reader.post(`${meetingApi}/progress`, { percent: 100, isDone: true })).status).toBe(200);
    expect((await bob.client.post(`${meetingApi}/votes`, { decision: 'kill' })).status).toBe(200);

    await page.goto(`/o/${orgId}/documents/${document.id}?meeting=${meeting.id}`);
    const panel = page.getByRole('region', { name: 'Facilitator' });
    await panel.getByText('The decision is the approvers\': 1 of 2 still to vote, you among them (under Your decision).').waitFor();
    expect(await page.getByText('The approvers decided').count()).toBe(0);
    await page.getByRole('region', { name: 'Your decision' }).getByRole('button', { name: 'Approve' }).click();
    // Their vote in, the decision to record is the approvers': Bob's kill.
    await panel.getByText('The approvers decided: kill.').waitFor();
    await page.context().close();
  });

  it('tells the facilitator which section each reader has reached, measured in the reading pane', async () => {
    const { api, approver, meetingApi, url } = await meetingReadBy(LONG_MEMO);
    const reader = await signedInPage(stack, { email: approver.email, password: TEST_PASSWORD });
    await reader.goto(url);
    const pane = reader.getByRole('region', { name: 'Document to read' });
    await pane.getByRole('heading', { name: 'Risks' }).waitFor();
    // The Risks heading brought to the top of the pane: the reader is in Risks, whatever the pane's place on the page.
    await pane.evaluate((element) => {
      const heading = [...element.querySelectorAll('h2, h3')].find((candidate) => candidate.textContent?.includes('Risks'))!;
      element.scrollTop += heading.getBoundingClientRect().top - element.getBoundingClientRect().top;
    });
    await expect.poll(async () => (await meetingOf(api, meetingApi)).attendees[0]!.lastSection, { timeout: 10_000 }).toBe('Risks');
    // At the end of the text, the last section is reached even if its heading never gets to the top.
    await pane.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect.poll(async () => (await meetingOf(api, meetingApi)).attendees[0]!.lastSection, { timeout: 10_000 }).toBe('Costs');
    await reader.context().close();
  });

  it('keeps the reading time left in sight on a phone once the reader has scrolled down to the text', async () => {
    const { approver, url } = await meetingReadBy(LONG_MEMO);
    const reader = await signedInPage(stack, { email: approver.email, password: TEST_PASSWORD });
    await reader.setViewportSize({ width: 390, height: 844 });
    await reader.goto(url);
    const clock = reader.getByText('30 minutes of reading left');
    await clock.waitFor();
    // Down to the end of the text, in the reading view that takes the whole screen: the clock stays in its bar.
    await reader.getByRole('region', { name: 'Document to read' }).evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const box = await clock.evaluate((element) => element.getBoundingClientRect().toJSON() as { top: number; bottom: number });
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(844);
    await reader.context().close();
  });

  it('shows an approver who did not end the meeting where its decision took the initiative', async () => {
    const as = async (email: string) => {
      const client = new ApiClient(createTestApp(stack.server.database.db).app);
      expect((await client.post('/auth/login', { email, password: DEMO_LOGIN.password })).status).toBe(200);
      return client;
    };
    const [facilitator, priya, marcus] = [await as(DEMO_LOGIN.email), await as('priya@pulse.example'), await as('marcus@pulse.example')];
    // The demo's second reading of the Returns Robot memo, booked with Priya and Marcus as approvers.
    const meeting = ((await facilitator.get(`/orgs/${demo.orgId}/meetings`)).body.meetings as Array<{ id: string; documentId: string; documentTitle: string }>).find((open) => open.documentTitle === 'Same-day refunds')!;
    const path = `/orgs/${demo.orgId}/meetings/${meeting.id}`;
    expect((await facilitator.post(`${path}/start`, {})).status).toBe(200);
    for (const approver of [priya, marcus]) await approver.post(`${path}/progress`, { percent: 100, isDone: true });
    for (const approver of [priya, marcus]) expect((await approver.post(`${path}/votes`, { decision: 'approve' })).status).toBe(200);
    expect((await facilitator.post(`${path}/end`, { notes: 'Approved: staff it.' })).body.initiatives.moved).toHaveLength(1);

    const page = await signedInPage(stack, { email: 'priya@pulse.example', password: DEMO_LOGIN.password });
    await page.goto(`/o/${demo.orgId}/documents/${meeting.documentId}?meeting=${meeting.id}`);
    const decision = page.getByRole('region', { name: 'Decision' });
    await decision.getByText('moved to approved in the pipeline').waitFor();
    expect(await decision.getByRole('link', { name: 'Returns Robot pickups' }).count()).toBe(1);
    await page.context().close();
  });

  it('says, before anyone decides, that the memo was saved again during the reading and an approval will not move its initiative', async () => {
    const { page, api, orgId, document, url } = await meetingReadBy(MEMO);
    await page.goto(url);
    await page.getByText('Facilitated by').waitFor();
    expect(await page.getByText('was saved again after the reading started').count()).toBe(0);
    const saved = await api.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${MEMO}\nWe add the fraud data from last year's pilot.\n`, baseVersion: document.version });
    expect(saved.status).toBe(201);
    // The page reads the meeting every few seconds: the note comes without reloading.
    await page
      .getByText('This memo was saved again after the reading started: it is at version 2 now, and this meeting reads version 1. The decision is on version 1, so an approval will not move an initiative waiting on this memo: a reading of version 2 decides it.')
      .waitFor({ timeout: 10_000 });
  });
});
