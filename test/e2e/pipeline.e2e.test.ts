import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('the pipeline pages on the demo org', () => {
  it('shows the flowchart with live counts, filters by stage, and passes axe in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await demo.page(scheme);
      await page.goto(`/o/${demo.orgId}/pipeline`);
      await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
      const stages = page.getByRole('navigation', { name: 'Pipeline stages' });
      await stages.getByRole('link', { name: /^Reading review\s*:\s*1$/ }).waitFor();
      await expectNoSeriousAxeViolations(page, `pipeline (${scheme})`);
    }
    const page = await demo.page();
    await page.getByRole('navigation', { name: 'Pipeline stages' }).getByRole('link', { name: /^Killed\s*:\s*1$/ }).click();
    await page.getByRole('heading', { name: 'Killed (1)' }).waitFor();
    expect(await page.getByRole('table').getByRole('link').first().textContent()).toBe('Drone returns');
  });

  it('opens the Returns Robot with the gate that holds it, in the words of the reading decision', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Returns Robot pickups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns Robot pickups' }).waitFor();
    await page.getByRole('heading', { name: 'Next: Approved' }).waitFor();
    await page.getByText('Not met: The latest reading meeting decided to iterate, not to approve.').waitFor();
    expect(await page.getByRole('button', { name: 'Move to Approved' }).isDisabled()).toBe(true);
    await page.getByRole('cell', { name: 'The memo passes the hard checks; the reading is booked.' }).waitFor();
    // Its PR/FAQ and memo have passed their gates: no form offers to swap them, and the page says how to.
    await page.getByText('Both documents have passed their gates and stay linked: to link others, send the initiative back (below).').waitFor();
    expect(await page.getByRole('combobox', { name: 'PR/FAQ' }).count()).toBe(0);
    // The record ties the pipeline to the business review: its metrics as the last published week shows them.
    const weekly = page.getByRole('region', { name: 'Its metrics in the business review' });
    expect(await weekly.getByRole('row', { name: /Refund time \(median\)/ }).textContent()).toMatch(/week ending .*%|Not charted in a published week yet\./);
    await expectNoSeriousAxeViolations(page, 'initiative');
    // The memo's page names the initiative it argues for, and leads back to it.
    await page.getByRole('link', { name: 'Same-day refunds' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Same-day refunds' }).waitFor();
    await page.getByText(/Memo of Returns Robot pickups \(Reading review\)/).waitFor();
  });

  it('offers only a kill while a reading of the memo is under way, whose decision will move the initiative', async () => {
    const page = await demo.page();
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    const post = async (path: string, data: unknown) => page.request.post(`/api/v1/orgs/${demo.orgId}${path}`, { data, headers: { 'x-csrf-token': session.csrfToken as string } });
    const pipeline = await (await page.request.get(`/api/v1/orgs/${demo.orgId}/pipeline`)).json();
    const robot = (pipeline.initiatives as Array<{ id: string; name: string; memo: { id: string } | null }>).find((item) => item.name === 'Returns Robot pickups')!;
    // The demo books the memo's second reading; its facilitator starts it.
    const { meetings } = (await (await page.request.get(`/api/v1/orgs/${demo.orgId}/documents/${robot.memo!.id}/meetings`)).json()) as { meetings: Array<{ id: string; phase: string }> };
    const meeting = meetings.find((candidate) => candidate.phase === 'scheduled')!;
    expect((await post(`/meetings/${meeting.id}/start`, {})).status()).toBe(200);
    try {
      await page.goto(`/o/${demo.orgId}/pipeline/${robot.id}`);
      const sendBack = page.getByRole('region', { name: 'Send back or kill' });
      await sendBack.getByText('A reading of its memo is under way: the approvers’ decision will move it. Until then it can only be killed.').waitFor();
      expect(await sendBack.getByRole('combobox', { name: 'Move to' }).getByRole('option').allTextContents()).toEqual(['Killed (stop the initiative)']);
    } finally {
      // The other tests read the demo's reading as it was decided.
      expect((await post(`/meetings/${meeting.id}/cancel`, { reason: 'A test reading.' })).status()).toBe(200);
    }
    await page.reload();
    await page.getByRole('combobox', { name: 'Move to' }).getByRole('option', { name: 'Back to Memo' }).waitFor({ state: 'attached' });
  });

  it('shows on the gripper\'s record who its team is hiring, with a link to the requisition', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Adaptive gripper' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Adaptive gripper' }).waitFor();
    const hiring = page.getByRole('region', { name: 'Hiring for it' });
    expect(await hiring.getByRole('row', { name: /Gripper test engineer/ }).textContent()).toMatch(/Gripper test engineer5GripperKofi Mensah.*Open/);
    await expectNoSeriousAxeViolations(page, 'initiative with its hiring and its metrics');
    await hiring.getByRole('link', { name: 'Gripper test engineer' }).click();
    await page.getByRole('heading', { level: 1, name: /Gripper test engineer/ }).waitFor();
  });

  it('lists with each initiative its open roles and its metrics\' open anomalies, on a laptop without scrolling sideways and on a phone', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    const table = page.getByRole('table');
    const rowOf = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await rowOf('Adaptive gripper').waitFor();
    // The gripper's team hires a test engineer; the courier's on-time metric is flagged in the last published week.
    expect(await rowOf('Adaptive gripper').getByRole('cell').nth(5).textContent()).toBe('1');
    expect(await rowOf('Same-day courier').getByRole('cell').nth(6).textContent()).toMatch(/^1 metric · 1 open anomaly$/);
    expect(await rowOf('Return bins in apartment lobbies').getByRole('cell').nth(6).textContent()).toBe('none linked');
    // Every column is in sight on a laptop: the table does not scroll sideways.
    expect(await page.locator('.table-scroll').evaluate((box) => box.scrollWidth <= box.clientWidth + 1)).toBe(true);
    await expectNoSeriousAxeViolations(page, 'pipeline with roles and anomalies');
    // On a phone each initiative is a block whose lines say what they are.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await rowOf('Same-day courier').getByText('1 open anomaly').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= 390)).toBe(true);
      await rowOf('Same-day courier').getByRole('link', { name: 'Same-day courier' }).click();
      await page.getByRole('heading', { level: 1, name: 'Same-day courier' }).waitFor();
      expect(await page.getByRole('region', { name: 'Its metrics in the business review' }).getByRole('row', { name: /Same-day orders on time/ }).textContent()).toMatch(/missed/);
    } finally {
      // The other tests share this page, at the laptop size it was made with.
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    // The anomaly behind the count is on the record, with its signal, and leads to the deck it is reviewed in.
    const anomalies = page.getByRole('region', { name: 'Open anomalies on its metrics' });
    expect(await anomalies.getByRole('row', { name: /Same-day orders on time/ }).textContent()).toMatch(/Same-day orders on time in Weekly business review.*(limit|week|centre line).*(Open|Explained)/);
    await expectNoSeriousAxeViolations(page, 'initiative with its open anomalies');
    // On a laptop the record's metrics table keeps its deck link in sight (its week's cell wraps).
    const weekly = page.getByRole('region', { name: 'Its metrics in the business review' });
    await weekly.getByRole('link', { name: 'Weekly business review' }).waitFor();
    expect(await weekly.locator('.table-scroll').evaluate((box) => box.scrollWidth <= box.clientWidth + 1)).toBe(true);
  });

  it('lets a newcomer follow the gripper\'s record to its compelling PR/FAQ and its memo\'s approving reading', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Adaptive gripper' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Adaptive gripper' }).waitFor();
    const documents = page.getByRole('region', { name: 'Documents' });
    const record = page.url();
    // The PR/FAQ: found compelling before the team was staffed.
    await documents.getByRole('link', { name: 'Adaptive gripper' }).first().click();
    await page.getByText(/PR\/FAQ of Adaptive gripper \(Building\)/).waitFor();
    await page.goto(`${page.url().split('?')[0]}?tab=review`);
    await page.getByText('Both readers found it compelling.', { exact: false }).first().waitFor();
    // The memo: its reading ended with the approvers' approval.
    await page.goto(record);
    await documents.getByRole('link', { name: 'Adaptive gripper' }).nth(1).click();
    await page.getByText(/Memo of Adaptive gripper \(Building\)/).waitFor();
    await page.getByRole('navigation', { name: 'Document views' }).getByRole('link', { name: 'Meetings' }).click();
    await page.getByRole('list', { name: 'Meetings' }).getByRole('listitem').filter({ hasText: 'decision: approve' }).waitFor();
  });

  it('proposes an idea, moves it through an open gate, needs a reason to send it back, and asks before killing it', async () => {
    const page = await demo.page();
    // A PR/FAQ of its own: the demo's Returns Robot PR/FAQ belongs to its initiative, and the form does not offer it.
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    const created = await page.request.post(`/api/v1/orgs/${demo.orgId}/documents`, { data: { kind: 'prfaq', title: 'Returns lockers' }, headers: { 'x-csrf-token': session.csrfToken as string } });
    expect(created.status()).toBe(201);
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Returns lockers');
    const prfaqs = page.getByRole('combobox', { name: 'Its PR/FAQ' });
    expect(await prfaqs.getByRole('option', { name: 'Returns Robot' }).count()).toBe(0);
    await prfaqs.selectOption({ label: 'Returns lockers' });
    await page.getByRole('button', { name: 'Propose idea' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns lockers' }).waitFor();
    await page.getByText('Met: PR/FAQ "Returns lockers" is linked.').waitFor();
    await page.getByRole('button', { name: 'Move to Press release' }).click();
    await page.getByRole('heading', { name: 'Next: FAQ' }).waitFor();
    await page.getByRole('cell', { name: 'Idea → Press release' }).waitFor();

    // Back to the idea stage: the server refuses it without a reason, and the form shows why.
    const sendBack = page.getByRole('region', { name: 'Send back or kill' });
    await sendBack.getByRole('combobox', { name: 'Move to' }).selectOption({ label: 'Back to Idea' });
    await sendBack.getByRole('button', { name: 'Send back to Idea' }).click();
    await sendBack.getByText('Say why it goes back to the idea stage.').waitFor();
    await sendBack.getByRole('textbox', { name: 'Why' }).fill('The customer is unclear: lockers for whom?');
    await sendBack.getByRole('button', { name: 'Send back to Idea' }).click();
    await page.getByRole('heading', { name: 'Next: Press release' }).waitFor();
    await page.getByRole('cell', { name: 'The customer is unclear: lockers for whom?' }).waitFor();

    // A colleague moves it on while this page still shows it at the idea stage: the kill asked from the stale page is
    // refused and says so, instead of killing what the colleague just moved.
    const ideaId = page.url().split('/').pop()!;
    const movedMeanwhile = await page.request.post(`/api/v1/orgs/${demo.orgId}/pipeline/initiatives/${ideaId}/moves`, { data: { to: 'press_release', reason: 'Redrafted.' }, headers: { 'x-csrf-token': session.csrfToken as string } });
    expect(movedMeanwhile.status()).toBe(200);
    await sendBack.getByRole('combobox', { name: 'Move to' }).selectOption({ label: 'Killed (stop the initiative)' });
    await sendBack.getByRole('textbox', { name: 'Why' }).fill('The Returns Robot covers the same shoppers.');
    await sendBack.getByRole('button', { name: 'Kill initiative' }).click();
    const confirmKill = page.getByRole('dialog', { name: /^Kill “.*”\?$/ });
    await confirmKill.getByRole('button', { name: 'Kill initiative' }).click();
    await page.getByText('The initiative moved from the idea stage to the press release stage after you opened it').waitFor();
    expect((await (await page.request.get(`/api/v1/orgs/${demo.orgId}/pipeline/initiatives/${ideaId}`)).json()).stage).toBe('press_release');
    await page.reload();
    await page.getByRole('heading', { name: 'Next: FAQ' }).waitFor();
    await sendBack.getByRole('combobox', { name: 'Move to' }).selectOption({ label: 'Killed (stop the initiative)' });
    await sendBack.getByRole('textbox', { name: 'Why' }).fill('The Returns Robot covers the same shoppers.');
    await sendBack.getByRole('button', { name: 'Kill initiative' }).click();
    await confirmKill.getByRole('button', { name: 'Kill initiative' }).click();
    await page.getByRole('cell', { name: 'Press release → Killed' }).waitFor();
    expect(await page.getByRole('region', { name: 'Send back or kill' }).count()).toBe(0);
    const record = await (await page.request.get(`/api/v1/orgs/${demo.orgId}/pipeline`)).json();
    expect(record.counts.killed).toBe(2);
  });

  it('staffs an approved initiative from its own page: a busy leader is refused by name, a free one opens the gate', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Night-time deliveries' }).click();
    await page.getByRole('heading', { name: 'Next: Staffing' }).waitFor();
    // The demo names its leader at approval: without one, the gate to staffing is shut.
    await page.getByText('Met: Elif Demir leads it, full time.').waitFor();
    const leader = page.getByRole('combobox', { name: 'Single-threaded leader' });
    await leader.selectOption({ label: 'Nobody yet' });
    await page.getByRole('button', { name: 'Save leader' }).click();
    await page.getByText('Not met: Name the single-threaded leader.').waitFor();
    await leader.selectOption({ label: 'Kofi Mensah — Product Manager' });
    await page.getByRole('button', { name: 'Save leader' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kofi Mensah' }).waitFor();
    await leader.selectOption({ label: 'Elif Demir — Engineering Manager' });
    await page.getByRole('button', { name: 'Save leader' }).click();
    await page.getByText('Met: Elif Demir leads it, full time.').waitFor();
    await page.getByRole('button', { name: 'Move to Staffing' }).click();
    await page.getByRole('heading', { name: 'Next: Building' }).waitFor();

    await page.getByRole('combobox', { name: 'Metric it promises to move' }).selectOption({ label: 'Return requests (input)' });
    await page.getByRole('button', { name: 'Link metric' }).click();
    await page.getByRole('region', { name: 'Its metrics in the business review' }).getByRole('row', { name: /Return requests \(input\)/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'initiative with staffing forms');
  });

  it('keeps the leader picked on the record when a colleague named another meanwhile, and saves it when asked again', async () => {
    const page = await demo.page();
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    const call = async (method: 'POST' | 'PATCH', path: string, data: unknown) => {
      const response = await page.request.fetch(`/api/v1/orgs/${demo.orgId}${path}`, { method, data, headers: { 'x-csrf-token': session.csrfToken as string } });
      expect(response.status(), await response.text()).toBeLessThan(300);
      return response.json();
    };
    const lea = (await call('POST', '/people', { name: 'Lea Stale', email: 'lea.stale@example.test', role: 'Engineer', level: 6 })).person;
    const max = (await call('POST', '/people', { name: 'Max Stale', email: 'max.stale@example.test', role: 'Engineer', level: 6 })).person;
    const { initiative } = await call('POST', '/initiatives', { name: 'Stale leader trial', stlPersonId: null });
    await page.goto(`/o/${demo.orgId}/pipeline/${initiative.id}`);
    const leader = page.getByRole('combobox', { name: 'Single-threaded leader' });
    await leader.waitFor();
    await call('PATCH', `/initiatives/${initiative.id}`, { stlPersonId: lea.id });
    await leader.selectOption({ label: 'Max Stale — Engineer' });
    await page.getByRole('button', { name: 'Save leader' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone changed this initiative or that team after you opened the page' }).waitFor();
    expect(await leader.inputValue()).toBe(max.id);
    expect((await (await page.request.get(`/api/v1/orgs/${demo.orgId}/pipeline/initiatives/${initiative.id}`)).json()).stl.id).toBe(lea.id);
    await page.getByRole('button', { name: 'Save leader' }).click();
    await expect.poll(async () => (await (await page.request.get(`/api/v1/orgs/${demo.orgId}/pipeline/initiatives/${initiative.id}`)).json()).stl.id).toBe(max.id);
  });

  it('records work under way before Pulse at its stage, and the pipeline says what it lacks', async () => {
    const page = await demo.page();
    // A leader with no duties elsewhere: everyone in the demo is on a team or manages someone who is (Priya manages
    // Ravi, who leads the night-time deliveries above), so the org hires one.
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    const hired = await page.request.post(`/api/v1/orgs/${demo.orgId}/people`, { headers: { 'x-csrf-token': session.csrfToken }, data: { name: 'Uma Okoye', email: 'uma@pulse.example', role: 'Staff Engineer', level: 7 } });
    expect(hired.status()).toBe(201);
    await page.goto(`/o/${demo.orgId}/teams`);
    await page.getByRole('heading', { level: 1, name: 'Teams & initiatives' }).waitFor();
    await page.getByLabel('Name', { exact: true }).first().fill('Legacy scanner');
    await page.getByRole('combobox', { name: 'Single-threaded leader' }).selectOption({ label: 'Uma Okoye — Staff Engineer' });
    await page.getByRole('combobox', { name: 'Pipeline stage' }).selectOption({ label: 'Building (under way before Pulse)' });
    await page.getByRole('button', { name: 'Create initiative' }).click();
    await page.getByRole('link', { name: 'Legacy scanner' }).waitFor();

    await page.goto(`/o/${demo.orgId}/pipeline`);
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention.getByText('It is being built, but no single-threaded team works on it.').waitFor();
    await expectNoSeriousAxeViolations(page, 'pipeline with an initiative needing attention');
    await attention.getByRole('link', { name: 'Legacy scanner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Legacy scanner' }).waitFor();
    await page.getByRole('heading', { name: 'Next: Launched' }).waitFor();
    // The record says plainly that it skipped the gates before Building.
    await page.getByText('Entered the pipeline at Building: work that started before Pulse, recorded at its stage. The gates before it were not checked.').waitFor();
  });
});
