import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, expectNoSeriousAxeViolations, newContext, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();

const apiAs = callApi;

/** A new admin signed up in their own browser profile, with their org and their person as its CEO. */
async function adminWithCeo(): Promise<{ admin: Page; orgId: string; ceo: { id: string } }> {
  const adminPerson = newPerson('admin');
  const { page: admin, orgId } = await signedUpPage(stack, adminPerson);
  const { person: ceo } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/people`, { name: 'Cleo Chief', email: adminPerson.email, role: 'CEO', level: 10 });
  return { admin, orgId, ceo };
}

interface Colleague {
  name: string;
  page: Page;
  personId: string;
}

/** Invites a member, signs them up in their own browser profile and adds their person to the org chart. */
async function colleague(admin: Page, orgId: string, name: string, managerId: string | null): Promise<Colleague> {
  const email = `${name.toLowerCase().replace(/\s+/g, '.')}-${Math.random().toString(36).slice(2, 7)}@example.test`;
  const invitation = await apiAs(admin.request, 'POST', `/orgs/${orgId}/invitations`, { email, role: 'member' });
  const token = new URL(invitation.url).pathname.split('/').pop();
  const page = await (await newContext(stack.browser, stack.server)).newPage();
  const joined = await page.request.post(`/api/v1/invitations/${token}/signup`, { data: { email, name, password: TEST_PASSWORD } });
  expect(joined.status()).toBe(201);
  const { person } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/people`, { name, email, role: 'Engineer', level: 6, managerId });
  return { name, page, personId: person.id };
}

/**
 * An org ready for loops over the API: a hiring manager, three peers and a certified bar raiser under the CEO, a
 * team, and a loop planner that seats them on the first five principles (the bar raiser on the fifth).
 */
async function loopCast(admin: Page, orgId: string, ceo: { id: string }) {
  const hm = await colleague(admin, orgId, 'Hana Manager', ceo.id);
  const pia = await colleague(admin, orgId, 'Pia Peer', ceo.id);
  const quinn = await colleague(admin, orgId, 'Quinn Peer', ceo.id);
  const rui = await colleague(admin, orgId, 'Rui Peer', ceo.id);
  const bea = await colleague(admin, orgId, 'Bea Raiser', ceo.id);
  await apiAs(admin.request, 'PUT', `/orgs/${orgId}/hiring/bar-raisers/${bea.personId}`, { status: 'certified' });
  const { team } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/teams`, { name: 'Robotics', isSingleThreaded: false });
  const { principles } = await apiAs(admin.request, 'GET', `/orgs/${orgId}/principles`);
  const [p1, p2, p3, p4, p5] = principles.map((principle: { id: string }) => principle.id);
  const seats = [[hm, p1], [pia, p2], [quinn, p3], [rui, p4]].map(([actor, principleId]) => ({ personId: (actor as Colleague).personId, seat: 'interviewer', principleIds: [principleId] }));
  const planLoop = (candidateId: string, hoursAgo: number) =>
    apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/loop`, { interviewAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), interviewers: [...seats, { personId: bea.personId, seat: 'bar_raiser', principleIds: [p5] }] });
  return { hm, pia, quinn, rui, bea, team: team as { id: string }, planLoop };
}

async function submitOverApi(actor: Colleague, orgId: string, candidateId: string, vote: string): Promise<void> {
  const { candidate } = await apiAs(actor.page.request, 'GET', `/orgs/${orgId}/hiring/candidates/${candidateId}`);
  const seat = candidate.loop.seats.find((entry: { personId: string }) => entry.personId === actor.personId);
  await apiAs(actor.page.request, 'PUT', `/orgs/${orgId}/hiring/candidates/${candidateId}/feedback`, {
    vote,
    ratings: seat.principles.map((principle: { id: string }) => ({ principleId: principle.id, rating: 2, evidence: `${actor.name} saw little ownership: no decision they owned end to end.` })),
  });
}

describe('a hiring loop in the browser, from requisition to a bar-raiser veto', () => {
  it('is set up by the admin, answered blind by an interviewer, vetoed by the bar raiser (asked first), and the hiring manager cannot make an offer; a hire\'s offer is asked first too', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const hm = await colleague(admin, orgId, 'Hana Manager', ceo.id);
    const pia = await colleague(admin, orgId, 'Pia Peer', ceo.id);
    const quinn = await colleague(admin, orgId, 'Quinn Peer', ceo.id);
    const rui = await colleague(admin, orgId, 'Rui Peer', ceo.id);
    const bea = await colleague(admin, orgId, 'Bea Raiser', ceo.id);
    const sol = await colleague(admin, orgId, 'Sol Stand-in', ceo.id);
    await apiAs(admin.request, 'POST', `/orgs/${orgId}/teams`, { name: 'Robotics', isSingleThreaded: false });

    // 1. The admin certifies the bar raiser, opens the requisition, adds a candidate and plans the loop, all on screen.
    await admin.goto(`/o/${orgId}/hiring`);
    await admin.getByRole('heading', { level: 1, name: 'Hiring' }).waitFor();
    await admin.getByRole('combobox', { name: 'Person' }).selectOption({ label: 'Bea Raiser — Engineer' });
    await admin.getByRole('button', { name: 'Add to pool' }).click();
    await admin.getByRole('cell', { name: 'Certified' }).waitFor();
    await admin.getByLabel('Role', { exact: true }).fill('Engineer');
    await admin.getByLabel('Level').fill('6');
    await admin.getByRole('combobox', { name: 'Hiring manager' }).selectOption({ label: 'Hana Manager — Engineer' });
    await admin.getByRole('combobox', { name: 'Role template' }).selectOption({ label: 'Account Executive' });
    await admin.getByRole('button', { name: 'Open requisition' }).click();
    await admin.getByRole('link', { name: 'Engineer L6' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Engineer L6' }).waitFor();
    await admin.getByText(/Account Executive template: its principles come first/).waitFor();
    // The template can change until the first loop is set up.
    const template = admin.getByRole('form', { name: 'Role template' });
    await template.getByRole('combobox', { name: 'Template' }).selectOption({ label: 'Sales Engineer' });
    await template.getByRole('button', { name: 'Save template' }).click();
    await admin.getByText(/Sales Engineer template: its principles come first/).waitFor();
    await admin.getByLabel('Candidate name').fill('Casey Candidate');
    await admin.getByLabel('Candidate email').fill('casey@example.test');
    await admin.getByRole('button', { name: 'Add candidate' }).click();
    await admin.getByRole('link', { name: 'Casey Candidate' }).click();
    for (const person of [hm, pia, quinn, rui]) await admin.getByRole('checkbox', { name: new RegExp(`^${person.name}`) }).check();
    await admin.getByRole('button', { name: 'Plan the loop' }).click();
    await admin.getByText('Suggested bar raiser: Bea Raiser').waitFor();
    // The planner proposes tomorrow; this loop was held an hour ago, so feedback is open (none is taken before).
    const anHourAgo = await admin.evaluate(() => {
      const moment = new Date(Date.now() - 3_600_000);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
    });
    // A cleared date is refused beside its field, not with a script error above the form.
    await admin.getByLabel('Interview date and time').fill('');
    await admin.getByRole('button', { name: 'Create loop' }).click();
    await admin.locator('.field--invalid .field__error').filter({ hasText: 'Must be an ISO date-time' }).waitFor();
    expect(await admin.getByText('Invalid time value').count()).toBe(0);
    await admin.getByLabel('Interview date and time').fill(anHourAgo);
    await admin.getByText('Planned with the Sales Engineer template').waitFor();
    await admin.getByRole('button', { name: 'Create loop' }).click();
    await admin.getByRole('heading', { name: /^Loop · interview/ }).waitFor();
    expect(await admin.getByRole('row').filter({ hasText: 'Bea Raiser' }).getByRole('cell').nth(1).textContent()).toBe('Bar raiser');
    // On a phone the loop stacks, one block per seat: nothing scrolls sideways, and Replace is on screen.
    await admin.setViewportSize({ width: 390, height: 844 });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const loopBox = admin.locator('.table-scroll').filter({ has: admin.getByRole('cell', { name: 'Rui Peer' }) });
    expect(await loopBox.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(1);
    const replaceOnPhone = await admin.getByRole('button', { name: "Replace Rui Peer's seat" }).boundingBox();
    expect(replaceOnPhone!.x + replaceOnPhone!.width).toBeLessThanOrEqual(390);
    await admin.setViewportSize({ width: 1280, height: 800 });
    // Rui cannot make it: his seat, with its principles, goes to Sol.
    const ruiPrinciples = await admin.getByRole('row').filter({ hasText: 'Rui Peer' }).getByRole('cell').nth(2).textContent();
    await admin.getByRole('button', { name: "Replace Rui Peer's seat" }).click();
    const replace = admin.getByRole('form', { name: 'Replace Rui Peer' });
    // Focus moves to the form, which opens below the table.
    await admin.waitForFunction(() => document.activeElement?.tagName === 'SELECT' && document.activeElement.closest('form')?.getAttribute('aria-label') === 'Replace Rui Peer');
    await replace.getByRole('combobox').selectOption({ label: 'Sol Stand-in — Engineer' });
    await replace.getByRole('button', { name: 'Give the seat' }).click();
    await admin.getByRole('row').filter({ hasText: 'Sol Stand-in' }).waitFor();
    expect(await admin.getByRole('row').filter({ hasText: 'Rui Peer' }).count()).toBe(0);
    expect(await admin.getByRole('row').filter({ hasText: 'Sol Stand-in' }).getByRole('cell').nth(2).textContent()).toBe(ruiPrinciples);
    const candidateUrl = new URL(admin.url()).pathname + new URL(admin.url()).search;
    const candidateId = new URL(admin.url()).searchParams.get('candidate')!;
    await expectNoSeriousAxeViolations(admin, 'candidate with loop');
    // With a loop set up, the template is kept: the page no longer offers to change it.
    expect(await admin.getByRole('form', { name: 'Role template' }).count()).toBe(0);

    // 2. The hiring manager submits first; Pia, an interviewer, cannot read it until she submits her own.
    await submitOverApi(hm, orgId, candidateId, 'inclined');
    // Pia finds the candidate under her own interviews, with what it asks of her.
    await pia.page.goto(`/o/${orgId}/hiring`);
    const mine = pia.page.getByRole('region', { name: 'Your interviews' });
    expect(await mine.getByRole('row').filter({ hasText: 'Casey Candidate' }).getByRole('cell').nth(4).textContent()).toBe('Write your feedback');
    await mine.getByRole('link', { name: 'Casey Candidate' }).click();
    await pia.page.getByRole('heading', { name: 'Your feedback' }).waitFor();
    await pia.page.getByText('Hidden until you submit your own feedback').waitFor();
    // The Sales Engineer template's prompts sit beside each principle Pia probes.
    expect(await pia.page.getByText('Strong evidence sounds like').count()).toBeGreaterThan(0);
    await expectNoSeriousAxeViolations(pia.page, 'feedback form with role prompts');
    expect(await pia.page.getByRole('heading', { level: 4, name: /Hana Manager/ }).count()).toBe(0);
    const submitFeedback = pia.page.getByRole('button', { name: 'Submit feedback…' });
    await submitFeedback.click();
    // No vote chosen: refused next to the vote field (there is no neutral), before anything is asked.
    await pia.page.locator('.field--invalid .field__error').filter({ hasText: 'there is no neutral' }).waitFor();
    // Evidence is one real sentence: the hint says so, and two words are refused beside their principle's box.
    const evidenceBoxes = await pia.page.getByRole('textbox', { name: /^Evidence for / }).all();
    expect(await pia.page.getByText(/^What the candidate said or did: at least 8 words/).count()).toBe(evidenceBoxes.length);
    for (const evidence of evidenceBoxes) await evidence.fill('Could not name a decision they owned end to end.');
    await evidenceBoxes[0]!.fill('Strong hire.');
    await pia.page.getByRole('combobox', { name: 'Overall vote' }).selectOption('not_inclined');
    // No rating is preset: one left unchosen is refused beside its own select, never recorded as "at the bar".
    const ratingSelects = await pia.page.getByRole('combobox', { name: /^Rating for / }).all();
    expect(ratingSelects.length).toBe(evidenceBoxes.length);
    for (const rating of ratingSelects) expect(await rating.inputValue()).toBe('');
    for (const rating of ratingSelects.slice(0, -1)) await rating.selectOption('2');
    await submitFeedback.click();
    await pia.page.locator('.field--invalid .field__error').filter({ hasText: /^Choose a rating for .+, from 1 \(far below the bar\) to 5 \(far above it\)\.$/ }).waitFor();
    expect(await ratingSelects.at(-1)!.getAttribute('aria-invalid')).toBe('true');
    await ratingSelects.at(-1)!.selectOption('2');
    await submitFeedback.click();
    const firstPrinciple = await pia.page.locator('fieldset.review-principle').first().locator('legend').textContent();
    const refusal = pia.page.locator('.field--invalid .field__error').filter({ hasText: /^Write at least 8 words of evidence for / });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(`Write at least 8 words of evidence for ${firstPrinciple}: what the candidate said or did (this has 2 words).`);
    expect(await evidenceBoxes[0]!.getAttribute('aria-invalid')).toBe('true');
    await evidenceBoxes[0]!.fill('Could not name a decision they owned end to end.');
    expect(await pia.page.getByRole('dialog').count()).toBe(0);
    await submitFeedback.click();
    // Feedback is final: asked first, by a button naming the action. The keyboard starts on "Keep editing".
    const finalFeedback = pia.page.getByRole('dialog', { name: 'Submit your feedback on Casey Candidate?' });
    await finalFeedback.getByText('Your feedback is final: it cannot be changed afterwards. Once it is submitted, the other interviewers\' feedback opens to you.').waitFor();
    await expectNoSeriousAxeViolations(pia.page, 'feedback confirmation');
    await pia.page.keyboard.press('Enter');
    await finalFeedback.waitFor({ state: 'hidden' });
    expect((await apiAs(pia.page.request, 'GET', `/orgs/${orgId}/hiring/candidates/${candidateId}`)).candidate.viewer.hasSubmitted).toBe(false);
    await submitFeedback.click();
    await finalFeedback.getByRole('button', { name: 'Submit feedback', exact: true }).click();
    await pia.page.getByRole('heading', { level: 4, name: /Hana Manager · Interviewer · Inclined/ }).waitFor();
    await expect.poll(() => pia.page.evaluate(() => document.activeElement?.id)).toBe('feedback-heading');
    await pia.page.getByRole('heading', { level: 4, name: /Pia Peer · Interviewer · Not inclined/ }).waitFor();
    await expectNoSeriousAxeViolations(pia.page, 'candidate after feedback');
    // The vote count is the debrief's: not shown, nor sent, before every interviewer has submitted.
    expect(await pia.page.getByRole('list', { name: 'Votes of the loop\'s interviewers' }).count()).toBe(0);
    expect((await apiAs(pia.page.request, 'GET', `/orgs/${orgId}/hiring/candidates/${candidateId}/feedback`)).voteTally).toBeNull();

    // 3. Everyone else submits; the bar raiser runs the debrief on screen and says no: a veto.
    for (const actor of [quinn, sol, bea]) await submitOverApi(actor, orgId, candidateId, 'not_inclined');
    await bea.page.goto(candidateUrl);
    const record = bea.page.getByRole('button', { name: 'Record decision…' });
    await record.waitFor();
    // The debrief counts the loop's votes, on the server: Hana inclined, the four others not inclined.
    const tally = bea.page.getByRole('list', { name: 'Votes of the loop\'s interviewers' });
    expect(await tally.getByRole('listitem').allTextContents()).toEqual(['0 strongly inclined', '1 inclined', '4 not inclined', '0 strongly not inclined']);
    // Nothing is chosen for her: a decision preset to either answer would be recorded on one careless Enter.
    expect(await bea.page.getByRole('combobox', { name: 'Decision' }).inputValue()).toBe('');
    await record.click();
    await bea.page.locator('.field--invalid .field__error').filter({ hasText: 'Choose hire or no hire' }).waitFor();
    expect(await bea.page.getByRole('dialog').count()).toBe(0);
    await bea.page.getByRole('combobox', { name: 'Decision' }).selectOption('no_hire');
    await bea.page.getByRole('combobox', { name: 'Better than half of the people now in this role?' }).selectOption('no');
    // A justification of a few words is refused beside its box before anything is asked (debrief.evidence_too_short).
    await bea.page.getByLabel('Justification').fill('Below the bar.');
    await record.click();
    await bea.page.locator('.field--invalid .field__error').filter({ hasText: /^Write at least 8 words of evidence for the bar judgement/ }).waitFor();
    expect(await bea.page.getByRole('dialog').count()).toBe(0);
    await bea.page.getByLabel('Justification').fill('Below most engineers now at L6 on Ownership and Dive Deep.');
    await record.click();
    // The decision is final and a no is a veto: asked first, by name. "Not yet" records nothing.
    const veto = bea.page.getByRole('dialog', { name: 'Veto Casey Candidate?' });
    await veto.getByText(/No hire is a veto: no offer can be made to Casey Candidate.*The decision is final: it cannot be changed or withdrawn\./).waitFor();
    await expectNoSeriousAxeViolations(bea.page, 'veto confirmation');
    // The keyboard starts on "Not yet": an Enter out of habit keeps things as they are.
    await bea.page.keyboard.press('Enter');
    await veto.waitFor({ state: 'hidden' });
    expect((await apiAs(bea.page.request, 'GET', `/orgs/${orgId}/hiring/candidates/${candidateId}`)).candidate.loop.decision).toBeNull();
    await record.click();
    await veto.getByRole('button', { name: 'Record the veto' }).click();
    await bea.page.getByText('No hire — the bar raiser vetoed this candidate.').waitFor();
    await expect.poll(() => bea.page.evaluate(() => document.activeElement?.id)).toBe('debrief-heading');

    // 4. The hiring manager sees no way to make an offer, and the API refuses one anyway, naming the veto.
    await hm.page.goto(candidateUrl);
    await hm.page.getByText('No hire — the bar raiser vetoed this candidate.').waitFor();
    expect(await hm.page.getByRole('button', { name: 'Create offer' }).count()).toBe(0);
    await expect(apiAs(hm.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/offer`)).rejects.toThrow(/422 .*The bar raiser said no: that is a veto, and no offer can be made\./);
    const { candidate } = await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/candidates/${candidateId}`);
    expect(candidate.offer).toBeNull();

    // Hana moves on: the admin hands the requisition to Quinn on screen (the decided loop holds no one back).
    await admin.goto(candidateUrl);
    const handOver = admin.getByRole('form', { name: 'Hiring manager' });
    await handOver.getByRole('combobox', { name: 'Hiring manager' }).selectOption({ label: 'Quinn Peer — Engineer' });
    await handOver.getByRole('button', { name: 'Hand over' }).click();
    await admin.getByText(/hiring manager Quinn Peer/).waitFor();

    // 5. Another candidate raises the bar; Quinn, the hiring manager now, makes the offer, asked first since it is final.
    const { principles } = await apiAs(admin.request, 'GET', `/orgs/${orgId}/principles`);
    const [p1, p2, p3, p4, p5] = principles.map((principle: { id: string }) => principle.id);
    const { id: drewId } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${new URL(admin.url()).pathname.split('/').pop()}/candidates`, { name: 'Drew Débutante 🚀', email: 'drew@example.test' });
    const seats = [[hm, p1], [pia, p2], [quinn, p3], [sol, p4]].map(([actor, principleId]) => ({ personId: (actor as Colleague).personId, seat: 'interviewer', principleIds: [principleId] }));
    await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/candidates/${drewId}/loop`, { interviewAt: new Date(Date.now() - 3_600_000).toISOString(), interviewers: [...seats, { personId: bea.personId, seat: 'bar_raiser', principleIds: [p5] }] });
    for (const actor of [hm, pia, quinn, sol, bea]) await submitOverApi(actor, orgId, drewId, 'inclined');
    const drewUrl = candidateUrl.replace(candidateId, drewId);
    // Bea has the debrief open in a tab, and decides in another one: the first is stale.
    await bea.page.goto(drewUrl);
    await bea.page.getByRole('button', { name: 'Record decision…' }).waitFor();
    await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${drewId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' });
    await bea.page.getByRole('combobox', { name: 'Decision' }).selectOption('no_hire');
    await bea.page.getByRole('combobox', { name: 'Better than half of the people now in this role?' }).selectOption('no');
    await bea.page.getByLabel('Justification').fill('Below most engineers now at L6 on Ownership and Dive Deep.');
    await bea.page.getByRole('button', { name: 'Record decision…' }).click();
    const staleVeto = bea.page.getByRole('dialog', { name: 'Veto Drew Débutante 🚀?' });
    await staleVeto.getByRole('button', { name: 'Record the veto' }).click();
    // The refusal shows in the dialog, and the page behind it now shows the decision that exists.
    await staleVeto.getByText('This debrief already has a decision.').waitFor();
    await bea.page.getByRole('status').filter({ hasText: 'Hire.' }).waitFor();
    expect(await bea.page.getByRole('form', { name: 'Debrief decision' }).count()).toBe(0);
    await staleVeto.getByRole('button', { name: 'Not yet' }).click();
    await staleVeto.waitFor({ state: 'hidden' });
    await quinn.page.goto(drewUrl);
    // A second tab of Quinn's, opened now, goes stale once the first makes the offer.
    const staleTab = await quinn.page.context().newPage();
    await staleTab.goto(drewUrl);
    await staleTab.getByRole('button', { name: 'Create offer…' }).waitFor();
    await quinn.page.getByRole('button', { name: 'Create offer…' }).click();
    const offer = quinn.page.getByRole('dialog', { name: 'Make an offer to Drew Débutante 🚀?' });
    await offer.getByText('It cannot be withdrawn in Pulse. Record Drew Débutante 🚀\'s answer once they give it: only a decline leaves room for another offer, and an acceptance is final.', { exact: false }).waitFor();
    await offer.getByRole('button', { name: 'Not yet' }).click();
    await offer.waitFor({ state: 'hidden' });
    expect((await apiAs(quinn.page.request, 'GET', `/orgs/${orgId}/hiring/candidates/${drewId}`)).candidate.offer).toBeNull();
    await quinn.page.getByRole('button', { name: 'Create offer…' }).click();
    await offer.getByRole('button', { name: 'Create offer' }).click();
    await quinn.page.getByText(/^Offer made /).waitFor();
    expect(await quinn.page.getByRole('button', { name: 'Create offer…' }).count()).toBe(0);
    await expect.poll(() => quinn.page.evaluate(() => document.activeElement?.id)).toBe('debrief-heading');
    await staleTab.getByRole('button', { name: 'Create offer…' }).click();
    const staleOffer = staleTab.getByRole('dialog', { name: 'Make an offer to Drew Débutante 🚀?' });
    await staleOffer.getByRole('button', { name: 'Create offer' }).click();
    await staleOffer.getByText(/^This candidate has an offer awaiting their answer \(made on .*\): record their answer before making another\.$/).waitFor();
    await staleTab.getByText(/^Offer made /).waitFor();
    expect(await staleTab.getByRole('button', { name: 'Create offer…' }).count()).toBe(0);
    await staleTab.close();

    // The requisition now leads with the offer and its close, not with adding a candidate: its opening is filled.
    await admin.goto(candidateUrl.split('?')[0]!);
    const filled = admin.getByRole('region', { name: 'Opening filled by an offer' });
    await filled.getByRole('listitem').filter({ hasText: /Drew Débutante 🚀: offer made/ }).getByRole('link', { name: 'Follow the offer' }).waitFor();
    await filled.getByRole('button', { name: 'Close as filled…' }).waitFor();
    expect(await admin.getByRole('heading', { name: 'Add a candidate' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(admin, 'requisition with its opening filled');
    await expect(apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${candidateUrl.split('?')[0]!.split('/').pop()}/candidates`, { name: 'Late Applicant', email: 'late@example.test' })).rejects.toThrow(/422 .*takes no new candidates/);

    // Awaiting Drew's answer, the admin (who closes it) reads what comes next: the answer first, then the close.
    await filled.getByText(/answer awaited/).waitFor();
    await filled.getByText(/Next: record the candidate's answer/).waitFor();
    // Pia interviewed Drew and sees the offer, but closing the requisition is not hers: no next step is put to her.
    await pia.page.goto(candidateUrl.split('?')[0]!);
    const filledForPia = pia.page.getByRole('region', { name: 'Opening filled by an offer' });
    await filledForPia.getByText(/Drew Débutante 🚀: offer made/).waitFor();
    expect(await filledForPia.getByText(/Next:/).count()).toBe(0);
    expect(await filledForPia.getByRole('button', { name: 'Close as filled…' }).count()).toBe(0);
    // The list of requisitions marks it filled.
    await admin.goto(`/o/${orgId}/hiring`);
    await admin.getByRole('row').filter({ has: admin.getByRole('link', { name: 'Engineer L6' }) }).getByText('filled', { exact: true }).waitFor();

    // Quinn, the hiring manager, records Drew's acceptance on the candidate's page. A day still to come is refused, and
    // what was typed stays.
    await quinn.page.goto(drewUrl);
    await quinn.page.getByText(/Awaiting their answer/).waitFor();
    await quinn.page.getByRole('button', { name: 'Record their answer…' }).click();
    const answerForm = quinn.page.getByRole('form', { name: 'Record Drew Débutante 🚀\'s answer to the offer' });
    await answerForm.getByRole('combobox', { name: 'Their answer' }).selectOption('accepted');
    await answerForm.getByLabel('On', { exact: true }).fill('2999-01-01');
    await answerForm.getByLabel('Note (optional)').fill('Starts in January.');
    await expectNoSeriousAxeViolations(quinn.page, 'offer answer form');
    await answerForm.getByRole('button', { name: 'Record answer' }).click();
    await answerForm.getByText(/still to come/).waitFor();
    expect(await answerForm.getByLabel('Note (optional)').inputValue()).toBe('Starts in January.');
    await answerForm.getByLabel('On', { exact: true }).fill(new Date().toLocaleDateString('en-CA'));
    await answerForm.getByRole('button', { name: 'Record answer' }).click();
    await quinn.page.getByText(/^Accepted on /).waitFor();
    await quinn.page.getByText('Starts in January.').waitFor();
    expect(await quinn.page.getByRole('button', { name: 'Record their answer…' }).count()).toBe(0);
    // Accepted, the requisition leads with its close as filled.
    await admin.goto(candidateUrl.split('?')[0]!);
    await filled.getByText(/accepted on/).waitFor();
    await filled.getByText(/Next: close this requisition as filled/).waitFor();
    await filled.getByRole('button', { name: 'Close as filled…' }).waitFor();

    // Someone outside the loop cannot even find the candidate.
    const outsider = await colleague(admin, orgId, 'Otto Outside', ceo.id);
    await outsider.page.goto(candidateUrl);
    await outsider.page.getByText('No candidates you can see.').waitFor();
    await outsider.page.getByRole('alert').filter({ hasText: 'Candidate was not found.' }).waitFor();
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });
});

describe('someone leaves the company, in the browser', () => {
  it('is refused while they lead an initiative, then recorded: their report moves up and they leave the lists', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { person: lee } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/people`, { name: 'Lee Lead', email: 'lee@example.test', role: 'Engineering Manager', level: 7, managerId: ceo.id });
    const { person: rae } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/people`, { name: 'Rae Report', email: 'rae@example.test', role: 'Engineer', level: 5, managerId: lee.id });
    const { initiative } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/initiatives`, { name: 'Gripper', stlPersonId: lee.id });

    await admin.goto(`/o/${orgId}/people/${lee.id}`);
    await admin.getByRole('heading', { name: 'Leaving the company' }).waitFor();
    await admin.getByText('Their report moves to the successor.').waitFor();
    await expectNoSeriousAxeViolations(admin, 'person with the departure form');
    expect(await admin.getByRole('combobox', { name: 'Their reports report to' }).inputValue()).toBe(ceo.id);
    // The field keeps the machine's day; every sentence names it as people read days.
    await admin.getByLabel('Last day').fill('2026-03-02');
    await admin.getByRole('button', { name: 'Record departure' }).click();
    // It cannot be undone, so a dialog asks first, and a refusal shows in it.
    const confirm = admin.getByRole('dialog', { name: 'Record that Lee Lead left?' });
    await confirm.getByText(/This cannot be undone: Lee Lead leaves the org chart on Mar 2, 2026,/).waitFor();
    await confirm.getByRole('button', { name: 'Record departure' }).click();
    const refusal = confirm.getByRole('alert').filter({ hasText: 'single-threaded leader of "Gripper"' });
    await refusal.waitFor();

    await apiAs(admin.request, 'PATCH', `/orgs/${orgId}/initiatives/${initiative.id}`, { status: 'done' });
    await confirm.getByRole('button', { name: 'Record departure' }).click();
    await admin.getByText(/^Left the company on Mar 2, 2026$/).waitFor();
    await admin.getByText('Lee Lead left the company on Mar 2, 2026: their ledger keeps its entries but takes no new ones.').waitFor();
    expect(await admin.getByText(/\d{4}-\d{2}-\d{2}/).count()).toBe(0);
    // The form is gone: the keyboard is on the person's name, not lost on the page.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await admin.getByRole('heading', { name: 'Leaving the company' }).count()).toBe(0);

    await admin.goto(`/o/${orgId}/people/${rae.id}`);
    await admin.getByRole('heading', { level: 1, name: 'Rae Report' }).waitFor();
    await admin.getByRole('link', { name: 'Cleo Chief' }).waitFor();

    await admin.goto(`/o/${orgId}/people`);
    await admin.getByRole('link', { name: 'Rae Report' }).waitFor();
    expect(await admin.getByRole('link', { name: 'Lee Lead' }).count()).toBe(0);
    await admin.getByLabel('Show people who left the company').check();
    await admin.getByRole('link', { name: 'Lee Lead' }).waitFor();
    await admin.getByText(/^Left Mar 2, 2026$/).waitFor();
  });
});

describe('a revised offer, in the browser', () => {
  it('follows a decline: the hiring manager sees the offer history, makes a revised offer with the keyboard, and records its acceptance, which is final', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const { id: candidateId } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Remy Revised', email: 'remy@example.test' });
    await planLoop(candidateId, 1);
    for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, candidateId, 'inclined');
    await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' });
    const candidatePath = `/orgs/${orgId}/hiring/candidates/${candidateId}`;
    await apiAs(hm.page.request, 'POST', `${candidatePath}/offer`);
    await apiAs(hm.page.request, 'POST', `${candidatePath}/offer/answer`, { answer: 'declined', answeredOn: new Date().toISOString().slice(0, 10), note: 'Wants a later start.' });

    // The hiring manager sees the declined offer on the record, and is offered a revised one.
    const page = hm.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${orgId}/hiring/${requisition.id}?candidate=${candidateId}`);
    const history = page.getByRole('list', { name: 'Offer' });
    await history.getByRole('listitem').filter({ hasText: /^Offer made .*Declined on .*The requisition's opening is free again\./ }).waitFor();
    await history.getByText('Wants a later start.').waitFor();
    const revise = page.getByRole('button', { name: 'Make a revised offer…' });
    await expectNoSeriousAxeViolations(page, 'declined offer with a revised offer to make');
    // A second tab, opened now, goes stale once the revised offer is accepted.
    const staleTab = await page.context().newPage();
    await staleTab.goto(page.url());
    await staleTab.getByRole('button', { name: 'Make a revised offer…' }).waitFor();
    // With the keyboard alone: the button, the dialog's confirmation, and focus back on the debrief's title.
    await revise.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Make a revised offer to Remy Revised?' });
    await dialog.getByText(/after the declined ones, which stay on the record/).waitFor();
    await dialog.getByRole('button', { name: 'Make revised offer' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const both = page.getByRole('list', { name: 'Offers (2)' });
    await both.getByRole('listitem').nth(1).filter({ hasText: /^Revised offer made .*Awaiting their answer\./ }).waitFor();
    await both.getByRole('listitem').nth(0).filter({ hasText: /Declined on / }).waitFor();
    expect(await revise.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('debrief-heading');
    // A second open offer is refused on the server too.
    await expect(apiAs(admin.request, 'POST', `${candidatePath}/offer`)).rejects.toThrow(/409 .*awaiting their answer/);

    // The acceptance goes to the revised offer; then no offer is made again.
    await page.getByRole('button', { name: 'Record their answer…' }).click();
    const answerForm = page.getByRole('form', { name: 'Record Remy Revised\'s answer to the offer' });
    await answerForm.getByRole('combobox', { name: 'Their answer' }).selectOption('accepted');
    await answerForm.getByRole('button', { name: 'Record answer' }).click();
    await both.getByRole('listitem').nth(1).filter({ hasText: /Accepted on / }).waitFor();
    expect(await page.getByRole('button', { name: /offer…$/ }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'accepted revised offer');
    await expect(apiAs(admin.request, 'POST', `${candidatePath}/offer`)).rejects.toThrow(/422 .*accepted offer is final/);
    // The stale tab's revised offer is refused, and the page behind the dialog reloads to show the acceptance.
    await staleTab.getByRole('button', { name: 'Make a revised offer…' }).click();
    const staleDialog = staleTab.getByRole('dialog', { name: 'Make a revised offer to Remy Revised?' });
    await staleDialog.getByRole('button', { name: 'Make revised offer' }).click();
    await staleDialog.getByText(/an accepted offer is final/).waitFor();
    await staleTab.getByRole('list', { name: 'Offers (2)' }).getByText(/Accepted on /).waitFor();
    await staleDialog.getByRole('button', { name: 'Not yet' }).click();
    expect(await staleTab.getByRole('button', { name: /offer…$/ }).count()).toBe(0);
    const { candidate } = await apiAs(admin.request, 'GET', candidatePath);
    expect(candidate.offers.map((offer: { answer: { answer: string } }) => offer.answer.answer)).toEqual(['declined', 'accepted']);
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });

  it('lists a candidate whose offer was declined as still in the process once another candidate\'s offer fills the opening, with what to do only for those who may reject her', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const add = async (name: string) => (await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.test` })).id as string;
    const hireWithOffer = async (candidateId: string, hoursAgo: number) => {
      await planLoop(candidateId, hoursAgo);
      for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, candidateId, 'inclined');
      await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' });
      await apiAs(hm.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/offer`);
    };
    const declinedId = await add('Dora Declined');
    const chosenId = await add('Cass Chosen');
    await hireWithOffer(declinedId, 2);
    await apiAs(hm.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${declinedId}/offer/answer`, { answer: 'declined', answeredOn: new Date().toISOString().slice(0, 10) });
    await hireWithOffer(chosenId, 1);

    // Dora's offer filled nothing, and she is still in: a revised offer, should Cass decline, or a rejection.
    await admin.goto(`/o/${orgId}/hiring/${requisition.id}`);
    const filled = admin.getByRole('region', { name: 'Opening filled by an offer' });
    await filled.getByRole('listitem').filter({ hasText: /^Cass Chosen: offer made/ }).waitFor();
    expect(await filled.getByRole('listitem').count()).toBe(1);
    await filled.getByText(/^Still in the process: Dora Declined \(decided\)\. Keep them in until the answer comes/).waitFor();
    await admin.getByRole('row').filter({ hasText: 'Dora Declined' }).getByText('Hire · offer declined').waitFor();
    // The hiring manager, who may reject her, is told what to do with her; Pia, who sat in both loops, is not.
    await hm.page.goto(`/o/${orgId}/hiring/${requisition.id}`);
    await hm.page.getByRole('region', { name: 'Opening filled by an offer' }).getByText(/^Still in the process: Dora Declined \(decided\)\. Keep them in until the answer comes/).waitFor();
    await pia.page.goto(`/o/${orgId}/hiring/${requisition.id}`);
    await pia.page.getByRole('region', { name: 'Opening filled by an offer' }).getByText(/^Still in the process: Dora Declined \(decided\)\.\s*$/).waitFor();
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });

  it('records the withdrawal of a candidate who declined their offer, keeps the offer on the record, and then offers no revised one', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const { id: candidateId } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Dana Declined', email: 'dana@example.test' });
    await planLoop(candidateId, 1);
    for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, candidateId, 'inclined');
    await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' });
    const candidatePath = `/orgs/${orgId}/hiring/candidates/${candidateId}`;
    await apiAs(hm.page.request, 'POST', `${candidatePath}/offer`);

    // While the offer awaits the answer it stands: no way out is offered.
    await admin.goto(`/o/${orgId}/hiring/${requisition.id}?candidate=${candidateId}`);
    await admin.getByRole('list', { name: 'Offer' }).getByText(/Awaiting their answer\./).waitFor();
    expect(await admin.getByRole('button', { name: 'Candidate withdrew…' }).count()).toBe(0);
    expect(await admin.getByRole('button', { name: 'Reject…' }).count()).toBe(0);

    // Declined, and then they took another job.
    await apiAs(hm.page.request, 'POST', `${candidatePath}/offer/answer`, { answer: 'declined', answeredOn: new Date().toISOString().slice(0, 10), note: 'Took another job.' });
    await admin.reload();
    await admin.getByRole('button', { name: 'Make a revised offer…' }).waitFor();
    await admin.getByRole('button', { name: 'Reject…' }).waitFor();
    const withdrew = admin.getByRole('button', { name: 'Candidate withdrew…' });
    await withdrew.focus();
    await admin.keyboard.press('Enter');
    const dialog = admin.getByRole('dialog', { name: 'Record that Dana Declined withdrew?' });
    await dialog.getByText(/The offers they declined stay on their record, and no revised offer follows\./).waitFor();
    await dialog.getByRole('button', { name: 'Record the withdrawal' }).focus();
    await admin.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByText(/^Withdrew .*: the loop takes no more feedback, decision, seat change or offer$/).waitFor();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('candidate-heading');
    await admin.getByRole('list', { name: 'Offer' }).getByText(/Declined on /).waitFor();
    for (const name of ['Candidate withdrew…', 'Reject…', 'Make a revised offer…']) expect(await admin.getByRole('button', { name }).count()).toBe(0);
    await admin.getByRole('form', { name: 'Reinstate Dana Declined' }).getByRole('button', { name: 'Reinstate' }).waitFor();
    await expectNoSeriousAxeViolations(admin, 'a withdrawn candidate who declined an offer');
    // The server refuses the revised offer too.
    await expect(apiAs(hm.page.request, 'POST', `${candidatePath}/offer`)).rejects.toThrow(/422 .*withdrew on/);
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });
});

describe('a closed requisition, in the browser', () => {
  it('explains instead of offering a loop or an offer it would refuse, keeps the offer of a hire decided before the close, reopens, moves an interview and records a withdrawal', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const add = async (name: string) => (await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.test` })).id as string;
    const withLoop = async (name: string) => {
      const id = await add(name);
      await planLoop(id, 1);
      return id;
    };
    const hireAll = async (id: string) => {
      for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, id, 'inclined');
      await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${id}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' });
    };
    const early = await withLoop('Early Yes');
    await hireAll(early);
    const late = await withLoop('Late Yes');
    await add('Wren Waiting');

    // The recruiter closes the requisition on screen: the dialog says what closing does to running loops.
    const url = `/o/${orgId}/hiring/${requisition.id}`;
    await admin.goto(url);
    await admin.getByRole('button', { name: 'Close requisition' }).click();
    const close = admin.getByRole('dialog', { name: 'Close the Engineer L6 requisition?' });
    await close.getByText(/Loops already set up finish, but only a hire decided before now gets an offer/).waitFor();
    await close.getByRole('button', { name: 'Close requisition' }).click();
    await admin.getByText(/^Closed .*: no new candidates or loops; offers only to hires decided before the close$/).waitFor();
    expect(await admin.getByRole('button', { name: 'Add candidate' }).count()).toBe(0);

    // A candidate without a loop: no planner that would build a loop only to be refused. Opened from the list, the
    // candidate (below it, out of sight on a phone) takes the keyboard and the view.
    await admin.getByRole('link', { name: 'Wren Waiting' }).click();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('candidate-heading');
    await admin.getByText('No interview loop yet, and this requisition is closed: it takes no new loops. Reopen it to interview this candidate.').waitFor();
    expect(await admin.getByRole('button', { name: 'Plan the loop' }).count()).toBe(0);
    // The hire decided before the close keeps its offer.
    await admin.goto(`${url}?candidate=${early}`);
    await admin.getByRole('button', { name: 'Create offer…' }).waitFor();
    // The loop still running finishes; its yes, after the close, gets an explanation instead of a button.
    await hireAll(late);
    await hm.page.goto(`${url}?candidate=${late}`);
    await hm.page.getByText(/No offer on this requisition: it closed .*, before this hire was decided\. .* a recruiter or an admin can reopen it\./).waitFor();
    expect(await hm.page.getByRole('button', { name: 'Create offer…' }).count()).toBe(0);

    // Reopened, the requisition makes that offer.
    await admin.goto(`${url}?candidate=${late}`);
    await admin.getByText(/reopen it to make this offer\./).waitFor();
    await admin.getByRole('button', { name: 'Reopen requisition' }).click();
    await admin.getByRole('dialog', { name: 'Reopen the Engineer L6 requisition?' }).getByRole('button', { name: 'Reopen requisition' }).click();
    await admin.getByRole('button', { name: 'Close requisition' }).waitFor();
    await admin.getByRole('button', { name: 'Create offer…' }).waitFor();
    await expectNoSeriousAxeViolations(admin, 'a reopened requisition');

    // A candidate withdraws while Pia still owes feedback: the recruiter records it, and the loop asks nothing more of anyone.
    const gone = await withLoop('Gale Gone');
    await pia.page.goto(`${url}?candidate=${gone}`);
    await pia.page.getByRole('button', { name: 'Submit feedback…' }).waitFor();
    expect(await pia.page.getByRole('button', { name: 'Candidate withdrew…' }).count()).toBe(0);
    await admin.goto(`${url}?candidate=${gone}`);
    // First the interview moves to tomorrow (the candidate asked to postpone): Pia's form waits for the new time.
    const tomorrow = await admin.evaluate(() => {
      const moment = new Date(Date.now() + 86_400_000);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
    });
    const move = admin.getByRole('form', { name: 'Move the interview' });
    await move.getByLabel('New interview date and time').fill(tomorrow);
    await move.getByRole('button', { name: 'Move the interview' }).click();
    await expect.poll(async () => (await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/candidates/${gone}`)).candidate.loop.interviewAt > new Date().toISOString()).toBe(true);
    await pia.page.reload();
    await pia.page.getByText(/^Your feedback form opens when the interview starts/).waitFor();
    await admin.getByRole('button', { name: 'Candidate withdrew…' }).click();
    const withdrawal = admin.getByRole('dialog', { name: 'Record that Gale Gone withdrew?' });
    await withdrawal.getByText(/It is no verdict: nothing is held against Gale Gone/).waitFor();
    await withdrawal.getByRole('button', { name: 'Record the withdrawal' }).click();
    await admin.getByText(/^Withdrew .*: the loop takes no more feedback, decision, seat change or offer$/).waitFor();
    expect(await admin.getByRole('button', { name: /^Replace .* seat$/ }).count()).toBe(0);
    await admin.getByRole('row').filter({ hasText: 'Pia Peer' }).getByRole('cell', { name: 'None given' }).waitFor();
    await admin.getByRole('row').filter({ hasText: 'Gale Gone' }).getByRole('cell', { name: 'Withdrew' }).waitFor();
    await pia.page.reload();
    await pia.page.getByText(/^Withdrew /).waitFor();
    expect(await pia.page.getByRole('button', { name: 'Submit feedback…' }).count()).toBe(0);
    await pia.page.goto(`/o/${orgId}/hiring`);
    await pia.page.getByRole('link', { name: 'Gale Gone' }).waitFor();
    expect(await pia.page.getByRole('row').filter({ hasText: 'Gale Gone' }).getByText('Write your feedback').count()).toBe(0);
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });
});

describe('a recruiter\'s week across requisitions, in the browser', () => {
  it('shows each requisition\'s candidates by stage, lists the late scorecards to chase (to hiring staff only), and says why a vetoed person gets no offer', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const open = async (role: string) => (await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role, level: 6, teamId: team.id, hiringManagerId: hm.personId })).requisition.id as string;
    const engineer = await open('Engineer');
    const designer = await open('Designer');
    const withLoop = async (requisitionId: string, name: string, email: string, hoursAgo: number) => {
      const { id } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisitionId}/candidates`, { name, email });
      await planLoop(id, hoursAgo);
      return id as string;
    };
    const decide = async (id: string, decision: 'hire' | 'no_hire') => {
      for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, id, 'inclined');
      await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${id}/decision`, decision === 'hire'
        ? { decision, isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' }
        : { decision, isBetterThanHalf: false, justification: 'Below most engineers now at L6 on Ownership and Dive Deep.' });
    };
    // Val was vetoed for Engineer; on the Designer requisition a new loop says hire.
    await decide(await withLoop(engineer, 'Val Vetoed', 'val@example.test', 1), 'no_hire');
    const valAgain = await withLoop(designer, 'Val Vetoed', 'val@example.test', 1);
    await decide(valAgain, 'hire');
    // Lou's interview was two days ago, and only Pia has sent her feedback.
    const lou = await withLoop(designer, 'Lou Late', 'lou@example.test', 48);
    await submitOverApi(pia, orgId, lou, 'inclined');

    await admin.goto(`/o/${orgId}/hiring`);
    await admin.getByRole('heading', { level: 1, name: 'Hiring' }).waitFor();
    const stagesOf = (role: string) => admin.getByRole('row').filter({ has: admin.getByRole('link', { name: role }) }).getByRole('list', { name: 'Candidates by stage' });
    await expect.poll(() => stagesOf('Designer L6').innerText()).toBe('1 awaiting feedback\n1 decided');
    expect(await stagesOf('Engineer L6').innerText()).toBe('1 decided');
    const late = admin.getByRole('region', { name: 'Late scorecards' });
    await late.getByRole('row').first().waitFor();
    const owed = await late.getByRole('row').filter({ hasText: 'Lou Late' }).locator('td:first-child').allInnerTexts();
    expect(owed.map((text) => text.trim())).toEqual(['Hana Manager', 'Quinn Peer', 'Rui Peer', 'Bea Raiser bar raiser']);
    await expectNoSeriousAxeViolations(admin, 'late scorecards and stage counts');
    await late.getByRole('link', { name: 'Lou Late' }).first().click();
    await admin.getByRole('heading', { level: 1, name: 'Designer L6' }).waitFor();

    // The hiring manager, a member, sees neither the list nor a way to it; the API refuses them too.
    await hm.page.goto(`/o/${orgId}/hiring`);
    await hm.page.getByRole('heading', { name: 'Your interviews' }).waitFor();
    expect(await hm.page.getByRole('heading', { name: 'Late scorecards' }).count()).toBe(0);
    await expect(apiAs(hm.page.request, 'GET', `/orgs/${orgId}/hiring/late-feedback`)).rejects.toThrow(/^GET .*: 403 /);

    // Val's yes on the Designer requisition: the page says the Engineer veto still holds instead of offering a button.
    await hm.page.goto(`/o/${orgId}/hiring/${designer}?candidate=${valAgain}`);
    await hm.page.getByText(/^No offer for now: a bar raiser vetoed Val Vetoed for Engineer on .*\. A veto holds for the person on every requisition for 182 days, until .*, whatever a later loop decides\.$/).waitFor();
    expect(await hm.page.getByRole('button', { name: 'Create offer…' }).count()).toBe(0);
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });
});

describe('a requisition changed by a colleague while its page is open', () => {
  it('keeps the hand-over chosen here when a colleague handed it over meanwhile, shows theirs, and hands over when asked again', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const person = async (name: string) => (await apiAs(admin.request, 'POST', `/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 6, managerId: ceo.id })).person as { id: string };
    const [ana, ben, cy] = [await person('Ana Manager'), await person('Ben Manager'), await person('Cy Manager')];
    const { team } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/teams`, { name: 'Robotics' });
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Robotics engineer', level: 6, teamId: team.id, hiringManagerId: ana.id });
    await admin.goto(`/o/${orgId}/hiring/${requisition.id}`);
    const handOver = admin.getByRole('form', { name: 'Hiring manager' });
    await handOver.getByRole('combobox', { name: 'Hiring manager' }).selectOption({ label: 'Cy Manager — Engineer' });
    // A colleague hands it to Ben while this page stays open.
    await apiAs(admin.request, 'PATCH', `/orgs/${orgId}/hiring/requisitions/${requisition.id}`, { hiringManagerId: ben.id });
    await handOver.getByRole('button', { name: 'Hand over' }).click();
    await handOver.getByRole('alert').filter({ hasText: 'Someone changed this requisition after you opened the page: the page now shows their template and hiring manager. Your choice is kept: save again to apply it.' }).waitFor();
    await admin.getByText(/hiring manager Ben Manager/).waitFor();
    expect(await handOver.getByRole('combobox', { name: 'Hiring manager' }).inputValue()).toBe(cy.id);
    expect((await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/requisitions/${requisition.id}`)).requisition.hiringManager.id).toBe(ben.id);
    await handOver.getByRole('button', { name: 'Hand over' }).click();
    await admin.getByText(/hiring manager Cy Manager/).waitFor();
    expect(await handOver.getByRole('alert').count()).toBe(0);
  });
});

describe('following a loop through: late scorecards and veto dates', () => {
  it('lets a recruiter remind a late interviewer from the late list, once a day, and shows the interviewer who reminded them', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, team, planLoop } = await loopCast(admin, orgId, ceo);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Nudged', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const { id: lou } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Lou Late', email: 'lou.nudged@example.test' });
    await planLoop(lou, 48);
    await submitOverApi(pia, orgId, lou, 'not_inclined');

    await admin.goto(`/o/${orgId}/hiring`);
    const late = admin.getByRole('region', { name: 'Late scorecards' });
    const quinnRow = late.getByRole('row').filter({ hasText: 'Quinn Peer' });
    await quinnRow.getByRole('button', { name: 'Remind Quinn Peer of their late feedback' }).click();
    // Sent: who and when, and no second button today (the server takes one a day).
    await quinnRow.getByText(/^Reminded just now by Admin \d+$/).waitFor();
    expect(await quinnRow.getByRole('button', { name: /^Remind/ }).count()).toBe(0);
    await admin.reload();
    await late.getByRole('row').filter({ hasText: 'Quinn Peer' }).getByText(/^Reminded just now by Admin \d+$/).waitFor();
    await expectNoSeriousAxeViolations(admin, 'late scorecards with a reminder');

    // Quinn's home says who reminded them, and nothing of Pia's feedback (blind until Quinn submits).
    await quinn.page.goto(`/o/${orgId}/home`);
    const needs = quinn.page.getByRole('region', { name: 'Needs you' });
    await needs.getByText(/reminded just now by Admin \d+/).waitFor();
    expect(await needs.innerText()).not.toMatch(/not inclined|little ownership/i);
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });

  it('offers no Remind on the viewer\'s own late scorecard, but a link to write it, and shows a shadow owing nothing', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, bea, team } = await loopCast(admin, orgId, ceo);
    const tia = await colleague(admin, orgId, 'Tia Trainee', ceo.id);
    await apiAs(admin.request, 'PUT', `/orgs/${orgId}/hiring/bar-raisers/${tia.personId}`, { status: 'in_training' });
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Self Seated', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const { id: sam } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Sam Seated', email: 'sam.seated@example.test' });
    const { principles } = await apiAs(admin.request, 'GET', `/orgs/${orgId}/principles`);
    const [p1, p2, p3, p4, p5] = principles.map((principle: { id: string }) => principle.id);
    const interviewers = [[hm.personId, p1], [pia.personId, p2], [quinn.personId, p3], [ceo.id, p4]].map(([personId, principleId]) => ({ personId, seat: 'interviewer', principleIds: [principleId] }));
    await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/candidates/${sam}/loop`, { interviewAt: new Date(Date.now() - 48 * 3_600_000).toISOString(), interviewers: [...interviewers, { personId: bea.personId, seat: 'bar_raiser', principleIds: [p5] }, { personId: tia.personId, seat: 'shadow', principleIds: [] }] });

    await admin.goto(`/o/${orgId}/hiring`);
    const late = admin.getByRole('region', { name: 'Late scorecards' });
    const own = late.getByRole('row').filter({ hasText: 'Cleo Chief' });
    await own.getByRole('link', { name: 'Yours: write it (your feedback on Sam Seated)' }).waitFor();
    expect(await own.getByRole('button', { name: /^Remind/ }).count()).toBe(0);
    await late.getByRole('row').filter({ hasText: 'Quinn Peer' }).getByRole('button', { name: 'Remind Quinn Peer of their late feedback' }).waitFor();

    await own.getByRole('link', { name: 'Yours: write it (your feedback on Sam Seated)' }).click();
    const shadowRow = admin.getByRole('row').filter({ hasText: 'Tia Trainee' });
    await shadowRow.getByText('None owed').waitFor();
    expect(await shadowRow.innerText()).not.toMatch(/Due|Overdue/);
    await admin.getByRole('row').filter({ hasText: 'Quinn Peer' }).getByText(/Overdue \(was due/).waitFor();

    // The shadow's own pages ask nothing of her: no feedback "due" on Home, and no due step in Your interviews.
    await tia.page.goto(`/o/${orgId}/hiring`);
    const mine = tia.page.getByRole('region', { name: 'Your interviews' }).getByRole('row').filter({ hasText: 'Sam Seated' });
    await mine.getByText('Your notes, if you like (none owed)').waitFor();
    expect(await mine.innerText()).not.toMatch(/due/i);
    await tia.page.goto(`/o/${orgId}/home`);
    await tia.page.getByRole('region', { name: 'Needs you' }).getByText('Nothing waits for you.').waitFor();
  });

  it('keeps the status chosen for a bar raiser when a colleague changed their place in the pool meanwhile, and saves it when asked again', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const bea = await colleague(admin, orgId, 'Bea Raiser', ceo.id);
    await apiAs(admin.request, 'PUT', `/orgs/${orgId}/hiring/bar-raisers/${bea.personId}`, { status: 'certified' });
    await admin.goto(`/o/${orgId}/hiring`);
    const pool = admin.getByRole('region', { name: 'Bar raiser pool' });
    await pool.getByRole('combobox', { name: 'Status of Bea Raiser' }).selectOption('in_training');
    // A colleague certifies Bea again (a new decision on her place) while this page stays open.
    await apiAs(admin.request, 'PUT', `/orgs/${orgId}/hiring/bar-raisers/${bea.personId}`, { status: 'certified' });
    await pool.getByRole('button', { name: 'Save' }).click();
    await pool.getByText('Someone changed Bea Raiser\'s place in the pool after you opened the page: the page now shows it. Your choice is kept: save again to apply it.').waitFor();
    expect(await pool.getByRole('combobox', { name: 'Status of Bea Raiser' }).inputValue()).toBe('in_training');
    expect((await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/bar-raisers`)).pool[0].status).toBe('certified');
    await pool.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/bar-raisers`)).pool[0].status).toBe('in_training');
    await pool.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
    // Removing is asked first: "Keep them" changes nothing.
    await pool.getByRole('button', { name: 'Remove Bea Raiser from the pool' }).click();
    const removal = admin.getByRole('dialog', { name: 'Take Bea Raiser out of the bar raiser pool?' });
    await removal.getByRole('button', { name: 'Keep them' }).click();
    await removal.waitFor({ state: 'hidden' });
    expect((await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/bar-raisers`)).pool).toHaveLength(1);
    await pool.getByRole('button', { name: 'Remove Bea Raiser from the pool' }).click();
    await removal.getByRole('button', { name: 'Take them out' }).click();
    await expect.poll(async () => (await apiAs(admin.request, 'GET', `/orgs/${orgId}/hiring/bar-raisers`)).pool).toEqual([]);
  });

  it('names the same day for a veto\'s end on the candidate page as the refusal does, in a browser far from UTC', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const open = async (role: string) => (await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role, level: 6, teamId: team.id, hiringManagerId: hm.personId })).requisition.id as string;
    const [engineer, designer] = [await open('Engineer'), await open('Designer')];
    const decided = async (requisitionId: string, decision: 'hire' | 'no_hire') => {
      const { id } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisitionId}/candidates`, { name: 'Val Vetoed', email: 'val.zone@example.test' });
      await planLoop(id, 1);
      for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, id, 'inclined');
      await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${id}/decision`, decision === 'hire'
        ? { decision, isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' }
        : { decision, isBetterThanHalf: false, justification: 'Below most engineers now at L6 on Ownership and Dive Deep.' });
      return id as string;
    };
    const vetoed = await decided(engineer, 'no_hire');
    // Decided at noon UTC ten days ago: already the next day in Auckland (UTC+12 or +13), then and 182 days later.
    const noon = new Date(Date.now() - 10 * 86_400_000);
    noon.setUTCHours(12, 0, 0, 0);
    await stack.server.database.db.updateTable('loops').set({ decided_at: noon }).where('candidate_id', '=', vetoed).execute();
    const again = await decided(designer, 'hire');

    const refusal = await admin.request.fetch(`/api/v1/orgs/${orgId}/hiring/candidates/${again}/offer`, { method: 'POST', headers: { 'x-csrf-token': (await (await admin.request.get('/api/v1/auth/session')).json()).csrfToken } });
    expect(refusal.status()).toBe(422);
    // The refusal names the UTC days as the page does, so the page's note repeats them word for word.
    const [, vetoDay, untilDay] = /on ([A-Z][a-z]{2} \d{1,2}, \d{4}):.*until ([A-Z][a-z]{2} \d{1,2}, \d{4}) UTC/.exec((await refusal.json()).error.message)!;

    const auckland = await stack.browser.newContext({ baseURL: stack.server.baseUrl, viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Pacific/Auckland', storageState: await admin.context().storageState() });
    const page = await auckland.newPage();
    await page.goto(`/o/${orgId}/hiring/${designer}?candidate=${again}`);
    const note = page.getByText(/^No offer for now: a bar raiser vetoed Val Vetoed/);
    await note.waitFor();
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Pacific/Auckland');
    expect(await note.innerText()).toBe(`No offer for now: a bar raiser vetoed Val Vetoed for Engineer on ${vetoDay!}. A veto holds for the person on every requisition for 182 days, until ${untilDay!} (UTC), whatever a later loop decides.`);
    await auckland.close();
  });
});

describe('rejecting, reinstating and handing a requisition on at its reopening, in the browser', () => {
  it('lets the hiring manager reject a candidate with a reason, shows it to the loop and in the counts, reinstates them where the loop was, and reopens a requisition under a new hiring manager', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, team, planLoop } = await loopCast(admin, orgId, ceo);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const { id: remy } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Remy Reject', email: 'remy@example.test' });
    await planLoop(remy, 1);
    const url = `/o/${orgId}/hiring/${requisition.id}`;

    await hm.page.goto(`${url}?candidate=${remy}`);
    await hm.page.getByRole('button', { name: 'Reject…' }).click();
    const form = hm.page.getByRole('form', { name: 'Reject Remy Reject' });
    await form.getByLabel('Reason').selectOption({ label: 'Another candidate was chosen' });
    await form.getByLabel('Note (optional)').fill('We chose someone further along in robotics.');
    await form.getByRole('button', { name: 'Reject candidate' }).click();
    await hm.page.getByText(/^Rejected .* by Hana Manager: Another candidate was chosen\. The loop takes no more feedback, decision, seat change or offer$/).waitFor();
    await hm.page.getByRole('blockquote', { name: 'Rejection note' }).getByText('We chose someone further along in robotics.').waitFor();
    await hm.page.getByRole('row').filter({ hasText: 'Remy Reject' }).getByRole('cell', { name: 'Rejected: Another candidate was chosen' }).waitFor();
    expect(await hm.page.getByRole('button', { name: 'Reject…' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(hm.page, 'a rejected candidate');

    // The loop sees it, and is asked for nothing more; the requisition counts the candidate as rejected.
    await pia.page.goto(`${url}?candidate=${remy}`);
    await pia.page.getByText(/^Rejected /).waitFor();
    expect(await pia.page.getByRole('button', { name: 'Submit feedback…' }).count()).toBe(0);
    expect(await pia.page.getByRole('button', { name: 'Reinstate' }).count()).toBe(0);
    await hm.page.goto(`/o/${orgId}/hiring`);
    await hm.page.getByRole('list', { name: 'Candidates by stage' }).getByText('1 rejected').waitFor();

    // Reinstated, the loop resumes where it was: Pia's feedback is owed again.
    await hm.page.goto(`${url}?candidate=${remy}`);
    await hm.page.getByRole('button', { name: 'Reinstate' }).click();
    await hm.page.getByRole('button', { name: 'Reject…' }).waitFor();
    expect(await hm.page.getByText(/^Rejected /).count()).toBe(0);
    await pia.page.reload();
    await pia.page.getByRole('button', { name: 'Submit feedback…' }).waitFor();

    // A requisition whose hiring manager left reopens under someone who is here, named in the dialog.
    const { person: mo } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/people`, { name: 'Mo Moving', email: 'mo@example.test', role: 'Manager', level: 8, managerId: ceo.id });
    const { requisition: orphan } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Designer', level: 5, teamId: team.id, hiringManagerId: mo.id });
    await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${orphan.id}/close`);
    await apiAs(admin.request, 'POST', `/orgs/${orgId}/people/${mo.id}/departure`, { leftOn: '2026-11-20' });
    await admin.goto(`/o/${orgId}/hiring/${orphan.id}`);
    await admin.getByRole('button', { name: 'Reopen requisition' }).click();
    const reopen = admin.getByRole('dialog', { name: 'Reopen the Designer L5 requisition?' });
    await reopen.getByText(/Mo Moving, its hiring manager, has left the company: name who takes it over\./).waitFor();
    await reopen.getByLabel('Hiring manager').selectOption({ label: 'Hana Manager — Engineer' });
    await reopen.getByRole('button', { name: 'Reopen requisition' }).click();
    await admin.getByRole('button', { name: 'Close requisition' }).waitFor();
    await admin.getByText(/hiring manager Hana Manager/).waitFor();
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });
});

describe('the bar raiser\'s own debrief, and a filled role read from outside every loop, in the browser', () => {
  it('tells the bar raiser the debrief is hers to run, asks for the other reason of a no above the bar, and tells someone outside the loop the role is filled without naming anyone', async () => {
    const { admin, orgId, ceo } = await adminWithCeo();
    const { hm, pia, quinn, rui, bea, team, planLoop } = await loopCast(admin, orgId, ceo);
    const oli = await colleague(admin, orgId, 'Oli Outside', ceo.id);
    const { requisition } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: hm.personId });
    const { id: candidateId } = await apiAs(admin.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Ada Above', email: 'ada@example.test' });
    await planLoop(candidateId, 1);
    const candidateUrl = `/o/${orgId}/hiring/${requisition.id}?candidate=${candidateId}`;

    // Before the feedback is in, the bar raiser reads the debrief as hers; an interviewer reads who runs it.
    await bea.page.goto(candidateUrl);
    const debrief = bea.page.getByRole('region', { name: 'Debrief' });
    await debrief.getByText(/^You are the bar raiser: you run this debrief\. It opens when every interviewer has submitted feedback; then hold it with the loop and record the decision here/).waitFor();
    expect(await debrief.getByText(/The bar raiser runs it/).count()).toBe(0);
    await pia.page.goto(candidateUrl);
    await pia.page.getByRole('region', { name: 'Debrief' }).getByText('The debrief opens when every interviewer has submitted feedback. The bar raiser runs it.').waitFor();
    expect(await pia.page.getByText(/you run this debrief|yours to run/).count()).toBe(0);

    // Once it opens, the form asks for the other reason when she answers no for someone above the bar.
    for (const actor of [hm, pia, quinn, rui, bea]) await submitOverApi(actor, orgId, candidateId, 'inclined');
    await bea.page.reload();
    await debrief.getByText(/the debrief is yours to run/).waitFor();
    const form = bea.page.getByRole('form', { name: 'Debrief decision' });
    const otherReason = form.getByText(/^Better than half, yet no hire: say what else stops this hire/);
    await form.getByRole('combobox', { name: 'Decision' }).selectOption('no_hire');
    await form.getByRole('combobox', { name: /^Better than half/ }).selectOption('yes');
    await otherReason.waitFor();
    await form.getByLabel('Justification').fill('Above most engineers at L6 on delivery, but blamed her team for every missed date she was asked about.');
    await form.getByRole('button', { name: 'Record decision…' }).click();
    const veto = bea.page.getByRole('dialog', { name: 'Veto Ada Above?' });
    await veto.getByText(/You answered that they are better than half of the people now in this role: your justification is the reason the veto stands on/).waitFor();
    await veto.getByRole('button', { name: 'Not yet' }).click();
    await form.getByRole('combobox', { name: 'Decision' }).selectOption('hire');
    await expect.poll(() => otherReason.count()).toBe(0);

    // A hire, an offer, its acceptance: someone outside every loop reads the role as filled, and no candidate.
    await apiAs(bea.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/decision`, { decision: 'hire', isBetterThanHalf: true, justification: 'Stronger than most engineers now at L6 on Dive Deep and Ownership.' });
    await apiAs(hm.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/offer`);
    await oli.page.goto(`/o/${orgId}/hiring/${requisition.id}`);
    await oli.page.getByText('No candidates you can see.').waitFor();
    expect(await oli.page.getByText(/Opening filled/).count()).toBe(0);
    await apiAs(hm.page.request, 'POST', `/orgs/${orgId}/hiring/candidates/${candidateId}/offer/answer`, { answer: 'accepted', answeredOn: new Date().toISOString().slice(0, 10) });
    await oli.page.reload();
    await oli.page.getByText(/^Opening filled: an offer for this role was accepted\./).waitFor();
    expect(await oli.page.getByText(/Ada/).count()).toBe(0);
    await expectNoSeriousAxeViolations(oli.page, 'a filled requisition read from outside every loop');
    expect(stack.server.logs.filter((line) => /error/i.test(line))).toEqual([]);
  });
});
