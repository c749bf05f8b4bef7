/**
 * Role templates: the same principles as every loop, with the ones that matter most for a sales role
 * put first and a probing question written for that role. A requisition without a template ("General")
 * plans its loop over the org's principles in their own order, with no role-specific prompts.
 *
 * Templates name principles by the default slugs, not by id: every org has its own principle rows, and an
 * org that retired one simply skips it (see `orderPrinciplesForTemplate`).
 */

export interface RolePrompt {
  /** Slug of a default principle (`customer-obsession`). */
  principleSlug: string;
  /** A behavioural question: it asks for a past situation, not a hypothetical. */
  question: string;
  /** What a strong answer sounds like, so interviewers rate against the same bar. */
  strongEvidence: string;
}

export interface RoleTemplate {
  id: string;
  name: string;
  /** The principles that matter most for the role, most important first, each with its prompt. */
  prompts: readonly RolePrompt[];
}

export const ROLE_TEMPLATES = [
  {
    id: 'account-executive',
    name: 'Account Executive',
    prompts: [
      {
        principleSlug: 'customer-obsession',
        question: 'Tell me about a deal where you told a buyer that your product was not the right fit for part of what they wanted. What did you learn about their problem, and what happened next?',
        strongEvidence: 'Names the buyer\'s actual problem in the buyer\'s words, shows they steered away from a sale that would have disappointed, and can say how the relationship or deal turned out.',
      },
      {
        principleSlug: 'earn-trust',
        question: 'Walk me through a time a customer stopped trusting you or your company mid-deal. How did you find out, and what did you do about it?',
        strongEvidence: 'Owns their part without blaming product or legal, describes plain conversations rather than spin, and points to a concrete sign that trust came back (or admits it did not).',
      },
      {
        principleSlug: 'deliver-results',
        question: 'Tell me about the quarter you are proudest of against your number. Which deals made it, and which inputs did you work on week by week?',
        strongEvidence: 'Separates outcomes from the inputs they controlled (meetings, qualified pipeline, next steps dated), gives numbers unprompted, and explains a setback they recovered from.',
      },
      {
        principleSlug: 'dive-deep',
        question: 'Describe a forecast call where your instinct and the data in your pipeline disagreed. How did you work out which was right?',
        strongEvidence: 'Goes to the deal level (who signs, what is left to prove, dates in writing), checks evidence with the buyer, and changed the forecast when the facts said so.',
      },
    ],
  },
  {
    id: 'sales-development-representative',
    name: 'Sales Development Representative',
    prompts: [
      {
        principleSlug: 'bias-for-action',
        question: 'Tell me about a week when your outreach was not producing meetings. What did you change, how fast, and how did you know it was working?',
        strongEvidence: 'Tried something within days rather than waiting for a new playbook, measured reply or meeting rates before and after, and kept what worked.',
      },
      {
        principleSlug: 'learn-and-be-curious',
        question: 'Pick an industry or buyer you knew nothing about when you started prospecting into it. How did you get smart enough to have a useful first conversation?',
        strongEvidence: 'Specific sources and people they learned from, questions they asked customers, and an example of a first call that went better because of it.',
      },
      {
        principleSlug: 'customer-obsession',
        question: 'Tell me about a prospect you decided not to pass to an account executive even though they would have booked a meeting. Why?',
        strongEvidence: 'Qualifies on the prospect\'s need, not on activity counts; can explain the signals that the fit was wrong and what they told the prospect.',
      },
      {
        principleSlug: 'ownership',
        question: 'Describe a time a handed-over lead went cold after it left you. What, if anything, did you do about it?',
        strongEvidence: 'Followed the lead past their own metric, fixed the hand-over (notes, timing, expectations) for next time rather than only blaming the next person.',
      },
    ],
  },
  {
    id: 'sales-engineer',
    name: 'Sales Engineer',
    prompts: [
      {
        principleSlug: 'dive-deep',
        question: 'Tell me about a technical evaluation where the customer\'s environment broke your demo or proof of concept. How did you find the cause?',
        strongEvidence: 'Describes the debugging step by step, knows the details of both the product and the customer\'s systems, and says what the root cause was.',
      },
      {
        principleSlug: 'earn-trust',
        question: 'Walk me through a time you had to tell a customer\'s engineers that the product could not do something the account team had implied it could.',
        strongEvidence: 'Said it plainly and early, offered what the product can do or a workaround, and kept both the customer and the account team\'s respect.',
      },
      {
        principleSlug: 'invent-and-simplify',
        question: 'Tell me about a customer requirement that looked like it needed custom work. How did you meet it more simply?',
        strongEvidence: 'Reframes the requirement around what the customer needed to achieve, finds a smaller solution, and can say what they gave up and why it was acceptable.',
      },
      {
        principleSlug: 'customer-obsession',
        question: 'Describe a piece of customer feedback from an evaluation that you carried back to the product team. What came of it?',
        strongEvidence: 'Brought evidence (who, how often, what it cost them), followed through until there was a decision, and closed the loop with the customer.',
      },
    ],
  },
  {
    id: 'sales-manager',
    name: 'Sales Manager',
    prompts: [
      {
        principleSlug: 'hire-and-develop-the-best',
        question: 'Tell me about a seller on your team who became much better while working for you. What did you do, specifically, that helped?',
        strongEvidence: 'Names the gap they saw, the coaching routine (ride-alongs, call reviews, practice), and evidence of the change in the seller\'s results or promotion.',
      },
      {
        principleSlug: 'insist-on-the-highest-standards',
        question: 'Describe a time you refused to count a deal in your forecast or let a deal close on terms your team wanted. What was the standard, and how did the team react?',
        strongEvidence: 'States the standard clearly, held it under quarter-end pressure, explained the reasons to the team, and shows how the standard paid off or was refined.',
      },
      {
        principleSlug: 'are-right-a-lot',
        question: 'Tell me about a territory, hiring or compensation decision you made that your team disagreed with. How did you decide, and were you right?',
        strongEvidence: 'Sought out the dissenting views, tested the decision with data, and can judge the result honestly, including what they would decide differently now.',
      },
      {
        principleSlug: 'have-backbone-disagree-and-commit',
        question: 'Tell me about a company sales policy you argued against. What did you say, to whom, and what did you do once it was decided?',
        strongEvidence: 'Disagreed with evidence through the right channel, then implemented the decision fully with their team without undermining it.',
      },
    ],
  },
] as const satisfies readonly RoleTemplate[];

export type RoleTemplateId = (typeof ROLE_TEMPLATES)[number]['id'];
export const ROLE_TEMPLATE_IDS = ROLE_TEMPLATES.map((template) => template.id) as [RoleTemplateId, ...RoleTemplateId[]];

export function isRoleTemplateId(value: string): value is RoleTemplateId {
  return (ROLE_TEMPLATE_IDS as readonly string[]).includes(value);
}

/** The template with this id, or null for "General" (no template) and for an id this version no longer ships. */
export function findRoleTemplate(id: string | null): RoleTemplate | null {
  if (id === null) return null;
  return ROLE_TEMPLATES.find((template) => template.id === id) ?? null;
}

/** The template's prompt for a principle, by slug; null when the template does not name it (or there is no template). */
export function promptFor(template: RoleTemplate | null, principleSlug: string | null): RolePrompt | null {
  if (template === null || principleSlug === null) return null;
  return template.prompts.find((prompt) => prompt.principleSlug === principleSlug) ?? null;
}

/**
 * The org's active principles with the template's first, in the template's order, then the rest in the
 * org's order. A template principle the org retired (or never had) is absent from `principles`, so it is
 * skipped: the template only reorders what the org uses, it never adds a principle.
 */
export function orderPrinciplesForTemplate<P extends { slug: string | null }>(principles: readonly P[], template: RoleTemplate | null): P[] {
  if (template === null) return [...principles];
  const first = template.prompts.flatMap((prompt) => principles.filter((principle) => principle.slug === prompt.principleSlug));
  return [...first, ...principles.filter((principle) => !first.includes(principle))];
}
