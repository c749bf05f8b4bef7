import type { z } from '@hono/zod-openapi';
import type { HelpfulCountsSchema, PlaybookSchema, PlaybookSummarySchema } from '../../../../src/server/routes/playbooks/playbooks.schema.js';
import { api } from '../../lib/api-client.js';

// The schemas the server answers with, so a renamed field is a type error here.
export type PlaybookSummary = z.infer<typeof PlaybookSummarySchema>;
export type PlaybookView = z.infer<typeof PlaybookSchema>;
export type PlaybookDiagram = PlaybookView['diagrams'][number];
export type HelpfulCounts = z.infer<typeof HelpfulCountsSchema>;

/** The playbook endpoints, one function each. A read takes a `signal` that cancels it (see `api`). */
export function playbooksApi(orgId: string) {
  const base = `/orgs/${orgId}/playbooks`;
  return {
    list: async (signal?: AbortSignal) => (await api<{ playbooks: PlaybookSummary[] }>('GET', base, undefined, { signal })).playbooks,
    get: async (slug: string, signal?: AbortSignal) => (await api<{ playbook: PlaybookView }>('GET', `${base}/${slug}`, undefined, { signal })).playbook,
    answerHelpful: async (slug: string, helpful: boolean) => (await api<{ helpful: HelpfulCounts }>('PUT', `${base}/${slug}/feedback`, { helpful })).helpful,
    downloadUrl: (slug: string, format: 'markdown' | 'html' | 'pdf') => `/api/v1${base}/${slug}/export?format=${format}`,
  };
}

export const playbookPath = (orgId: string, slug: string) => `/o/${orgId}/playbooks/${slug}`;

/** "875 words · 4 min read" */
export function lengthText(playbook: { wordCount: number; readMinutes: number }): string {
  return `${playbook.wordCount.toLocaleString('en-US')} words · ${playbook.readMinutes} min read`;
}

export function viewsText(views: number): string {
  return views === 1 ? '1 view' : `${views.toLocaleString('en-US')} views`;
}

/** How readers answered, in words: "3 of 4 readers found it helpful", or nothing before anyone answered. */
export function helpfulText(helpful: { yes: number; no: number }): string | undefined {
  const answers = helpful.yes + helpful.no;
  if (answers === 0) return undefined;
  return `${helpful.yes} of ${answers} ${answers === 1 ? 'reader' : 'readers'} found it helpful`;
}
