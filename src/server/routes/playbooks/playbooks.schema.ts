import { z } from '@hono/zod-openapi';
import { MECHANISM_KEYS, PLAYBOOK_LIMITS, SLUG_PATTERN, TOOL_KEYS, WORDS_PER_MINUTE, type Mechanism, type PlaybookTool } from '../../../domain/playbooks/playbook-catalog.js';
import { OrgParamsSchema } from '../common/common.schema.js';

const mechanisms = MECHANISM_KEYS as [Mechanism, ...Mechanism[]];
const tools = TOOL_KEYS as [PlaybookTool, ...PlaybookTool[]];

export const PlaybookParamsSchema = OrgParamsSchema.extend({
  slug: z
    .string()
    .max(PLAYBOOK_LIMITS.slugMaxLength, `must be at most ${PLAYBOOK_LIMITS.slugMaxLength} characters`)
    .regex(SLUG_PATTERN, 'must be lower-case words joined by hyphens, e.g. writing-a-prfaq')
    .openapi({ param: { name: 'slug', in: 'path' }, example: 'writing-a-prfaq' }),
});

export const ListPlaybooksQuerySchema = z.object({
  mechanism: z.enum(mechanisms, { message: `must be one of ${MECHANISM_KEYS.join(', ')}` }).optional(),
  q: z
    .string()
    .max(PLAYBOOK_LIMITS.searchMaxLength, `must be at most ${PLAYBOOK_LIMITS.searchMaxLength} characters`)
    .optional()
    .openapi({ description: 'Words to find in the title or summary (each word must start a word there).' }),
});

export const PlaybookExportQuerySchema = z.object({ format: z.enum(['markdown', 'html', 'pdf'], { message: 'must be "markdown", "html" or "pdf"' }) });

export const PlaybookFeedbackSchema = z.strictObject({ helpful: z.boolean({ message: 'must be true or false' }) }).openapi('PlaybookFeedback');

const counts = {
  wordCount: z.number().int().openapi({ description: 'Words of the body a reader reads (not the diagrams\' source).' }),
  readMinutes: z.number().int().openapi({ description: `The word count at ${WORDS_PER_MINUTE} words a minute, rounded up.` }),
  views: z.number().int().openapi({ description: 'Reading days in this org: each signed-in reader counts once a day (UTC).' }),
};

export const PlaybookSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    mechanism: z.enum(mechanisms),
    ...counts,
    helpful: z.object({ yes: z.number().int(), no: z.number().int() }),
  })
  .openapi('PlaybookSummary');

export const HelpfulCountsSchema = z
  .object({ yes: z.number().int(), no: z.number().int(), mine: z.boolean().nullable().openapi({ description: 'Your answer; null when you have not answered.' }) })
  .openapi('PlaybookHelpful');

export const PlaybookSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    mechanism: z.enum(mechanisms),
    tool: z.enum(tools),
    ...counts,
    helpful: HelpfulCountsSchema,
    html: z.string().openapi({ description: 'The body as safe HTML; each diagram is an empty `[data-diagram="N"]` slot beside its steps in words.' }),
    diagrams: z.array(
      z.object({
        number: z.number().int(),
        title: z.string(),
        description: z.string().nullable(),
        source: z.string().openapi({ description: 'Mermaid flowchart source, drawn by the web page.' }),
        steps: z.array(z.string()).openapi({ description: 'The diagram in words, one step per arrow.' }),
      }),
    ),
    related: z.array(z.object({ slug: z.string(), title: z.string(), summary: z.string(), readMinutes: z.number().int() })),
    apply: z
      .object({ tool: z.enum(tools), label: z.string(), href: z.string(), isAllowed: z.boolean(), refusal: z.string().nullable() })
      .openapi({ description: 'Where "Apply this" goes in the web app, and whether your role can use that tool.' }),
  })
  .openapi('Playbook');
