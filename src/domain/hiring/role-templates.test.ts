import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINCIPLES } from '../principles/default-principles.js';
import { assignPrinciples, coverageWarnings } from './loop-rules.js';
import { findRoleTemplate, isRoleTemplateId, orderPrinciplesForTemplate, promptFor, ROLE_TEMPLATES } from './role-templates.js';

const defaultSlugs = new Set(DEFAULT_PRINCIPLES.map((principle) => principle.slug));
/** The org's principles as the planner reads them: id, title and slug, in the org's order. */
const orgPrinciples = DEFAULT_PRINCIPLES.map((principle, index) => ({ id: `p${index + 1}`, title: principle.title, slug: principle.slug }));

describe('role templates', () => {
  it('include the four sales roles, each naming distinct default principles with a question and strong evidence', () => {
    expect(ROLE_TEMPLATES.map((template) => template.name)).toEqual(expect.arrayContaining(['Account Executive', 'Sales Development Representative', 'Sales Engineer', 'Sales Manager']));
    for (const template of ROLE_TEMPLATES) {
      expect(template.prompts.length).toBeGreaterThan(0);
      expect(new Set(template.prompts.map((prompt) => prompt.principleSlug)).size).toBe(template.prompts.length);
      for (const prompt of template.prompts) {
        expect(defaultSlugs, `${template.id}: ${prompt.principleSlug}`).toContain(prompt.principleSlug);
        expect(prompt.question.trim().length).toBeGreaterThan(20);
        expect(prompt.strongEvidence.trim().length).toBeGreaterThan(20);
      }
    }
    expect(new Set(ROLE_TEMPLATES.map((template) => template.id)).size).toBe(ROLE_TEMPLATES.length);
  });

  it('General is no template: the order stays the org\'s and there are no prompts', () => {
    expect(findRoleTemplate(null)).toBeNull();
    expect(isRoleTemplateId('astronaut')).toBe(false);
    expect(orderPrinciplesForTemplate(orgPrinciples, null)).toEqual(orgPrinciples);
    expect(promptFor(null, 'ownership')).toBeNull();
  });

  it('puts the template\'s principles first, in its order, and the planner spreads them first', () => {
    const template = findRoleTemplate('sales-manager')!;
    const ordered = orderPrinciplesForTemplate(orgPrinciples, template);
    expect(ordered.slice(0, 4).map((principle) => principle.slug)).toEqual(['hire-and-develop-the-best', 'insist-on-the-highest-standards', 'are-right-a-lot', 'have-backbone-disagree-and-commit']);
    expect(ordered).toHaveLength(orgPrinciples.length);
    const assignment = assignPrinciples(['a', 'b'], ordered, 2);
    expect([...assignment.values()].flat().map((id) => orgPrinciples.find((principle) => principle.id === id)!.slug)).toEqual(ordered.slice(0, 4).map((principle) => principle.slug));
    expect(promptFor(template, 'are-right-a-lot')?.question).toMatch(/^Tell me about/);
    expect(promptFor(template, 'frugality')).toBeNull();
  });

  it('skips a template principle the org retired, without error', () => {
    const template = findRoleTemplate('account-executive')!;
    const withoutEarnTrust = orgPrinciples.filter((principle) => principle.slug !== 'earn-trust');
    const ordered = orderPrinciplesForTemplate(withoutEarnTrust, template);
    expect(ordered.slice(0, 3).map((principle) => principle.slug)).toEqual(['customer-obsession', 'deliver-results', 'dive-deep']);
    expect(ordered).toHaveLength(withoutEarnTrust.length);
  });

  it('coverage warnings name a template principle nobody probes', () => {
    const [first, second] = orgPrinciples;
    const warnings = coverageWarnings([{ personId: 'a', seat: 'interviewer', principleIds: [first!.id] }], [first!, second!], { name: 'Sales Engineer', principleIds: new Set([second!.id]) });
    expect(warnings).toEqual([{ kind: 'uncovered', principleId: second!.id, message: `Nobody probes "${second!.title}", which the Sales Engineer template asks for.` }]);
  });
});
