import { z } from '@hono/zod-openapi';
import { SEARCH_KINDS, SEARCH_LIMITS } from '../../../domain/search/search-results.js';

const kindList = SEARCH_KINDS.join(', ');
const isKind = (value: string) => (SEARCH_KINDS as readonly string[]).includes(value);

export const SearchQuerySchema = z.object({
  q: z
    .string({ message: 'must be the text to search for' })
    .trim()
    .min(1, 'must not be empty')
    .max(SEARCH_LIMITS.queryMaxLength, `must be at most ${SEARCH_LIMITS.queryMaxLength} characters`)
    .openapi({ description: 'What to look for: every word must match (case and accents aside) the start of a word of a title or body; "lau" finds "Launch".', example: 'launch plan' }),
  kind: z
    .union([z.string(), z.array(z.string())])
    .superRefine((value, context) => {
      const unknown = (Array.isArray(value) ? value : [value]).find((kind) => !isKind(kind));
      if (unknown !== undefined) context.addIssue({ code: 'custom', message: `"${unknown}" is not a kind of result: must be one of ${kindList}` });
    })
    .transform((value) => (Array.isArray(value) ? value : [value]).filter(isKind) as (typeof SEARCH_KINDS)[number][])
    .optional()
    .openapi({ description: `Only these kinds (repeat the parameter for several): ${kindList}. Kinds your role cannot read are never searched.`, example: 'document' }),
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(SEARCH_LIMITS.maxLimit, `must be at most ${SEARCH_LIMITS.maxLimit}`)
    .default(SEARCH_LIMITS.defaultLimit)
    .openapi({ description: `The most results returned, all kinds together (default ${SEARCH_LIMITS.defaultLimit}).` }),
});

const range = z.tuple([z.number().int(), z.number().int()]);

export const SearchResultSchema = z
  .object({
    kind: z.enum(SEARCH_KINDS),
    id: z.string().openapi({ description: 'What the page of the result needs: a playbook\'s slug, every other kind its id.' }),
    title: z.string(),
    detail: z.string().openapi({ description: 'One line of context: "PR/FAQ · version 3", "Initiative · Stage: Memo · led by Ana Ruiz", "Engineer · level 5 · left on 2026-10-01".' }),
    snippet: z
      .object({ text: z.string(), highlights: z.array(range) })
      .nullable()
      .openapi({ description: 'About 160 characters of the body around a word the title lacks, when the result matched there; null for a title match.' }),
    titleHighlights: z.array(range).openapi({ description: 'Where the words matched in the title: [start, end) UTF-16 offsets, sorted, not overlapping.' }),
    parentId: z.string().nullable().openapi({ description: 'The parent the page needs: a candidate\'s requisition id. Null for every other kind.' }),
    updatedAt: z.string().nullable().openapi({ description: 'When it last changed (ISO 8601); null for kinds with no such date (people, teams, candidates, playbooks).' }),
  })
  .openapi('SearchResult');

export const SearchAnswerSchema = z
  .object({
    query: z.string().openapi({ description: 'The query as searched (trimmed).' }),
    results: z.array(SearchResultSchema).openapi({ description: 'Best first: titles that start with the query, then titles that hold every word, then matches in a body; each group the most recently changed first.' }),
    counts: z.partialRecord(z.enum(SEARCH_KINDS), z.number().int()).openapi({ description: `Matches of each kind searched (the kinds asked for that your role reads), beyond \`limit\` too; exact up to ${SEARCH_LIMITS.candidatesPerKind} of a kind.` }),
    truncated: z.boolean().openapi({ description: 'More matched than `results` holds.' }),
  })
  .openapi('SearchAnswer');
