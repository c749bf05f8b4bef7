/**
 * The fourteen leadership principles a new org starts with. Names are the well-known ones; each meaning is
 * written by the Pulse team, short enough to quote in an interview scorecard.
 */
export interface PrincipleDraft {
  slug: string;
  title: string;
  summary: string;
}

export const DEFAULT_PRINCIPLES: readonly PrincipleDraft[] = [
  { slug: 'customer-obsession', title: 'Customer Obsession', summary: 'Begin with what customers need and reason backwards to the work; competitors are a distant second concern.' },
  { slug: 'ownership', title: 'Ownership', summary: 'Think in years, act for the whole company, and never say "that is not my job".' },
  { slug: 'invent-and-simplify', title: 'Invent and Simplify', summary: 'Look for new and simpler ways to do things, wherever the idea comes from, and accept being misunderstood for a while.' },
  { slug: 'are-right-a-lot', title: 'Are Right, A Lot', summary: 'Judge well and often, by seeking views that differ from your own and testing your beliefs against them.' },
  { slug: 'learn-and-be-curious', title: 'Learn and Be Curious', summary: 'Keep learning and keep asking why; curiosity about new possibilities is part of the job.' },
  { slug: 'hire-and-develop-the-best', title: 'Hire and Develop the Best', summary: 'Raise the bar with every hire and promotion, and grow people who will grow others.' },
  { slug: 'insist-on-the-highest-standards', title: 'Insist on the Highest Standards', summary: 'Hold a bar that others may find unreasonably high, and fix defects so they stay fixed.' },
  { slug: 'think-big', title: 'Think Big', summary: 'Set a bold direction that inspires results, because thinking small guarantees small outcomes.' },
  { slug: 'bias-for-action', title: 'Bias for Action', summary: 'Move fast on decisions that can be undone; calculated risk beats waiting for certainty.' },
  { slug: 'frugality', title: 'Frugality', summary: 'Do more with less; a tight budget is a prompt to invent, not an excuse.' },
  { slug: 'earn-trust', title: 'Earn Trust', summary: 'Listen closely, speak plainly, treat people with respect, and own your mistakes in public.' },
  { slug: 'dive-deep', title: 'Dive Deep', summary: 'Stay close to the details, audit them often, and be sceptical when numbers and stories disagree.' },
  { slug: 'have-backbone-disagree-and-commit', title: 'Have Backbone; Disagree and Commit', summary: 'Challenge a decision respectfully when you disagree, then commit to it fully once it is made.' },
  { slug: 'deliver-results', title: 'Deliver Results', summary: 'Focus on the inputs that matter and deliver them on time and with quality, despite setbacks.' },
];
