import { PERMISSIONS, type Permission } from '../accounts/roles.js';

/**
 * What the playbook library knows without reading a playbook: the mechanisms it covers, the tools a playbook can
 * send its reader into, the reading speed behind "min read", and the list filter. Kept apart from the parser
 * (which needs a YAML reader) so the web app can import it without carrying that library into its bundle.
 */

/** One playbook per mechanism Pulse runs; the front matter's `mechanism` names one of these. */
export const MECHANISMS = {
  'working-backwards': 'Working backwards (PR/FAQ)',
  'narrative-memo': 'Narrative memo and silent reading',
  'leadership-principles': 'Leadership principles',
  'bar-raiser': 'Bar Raiser hiring',
  'single-threaded-leadership': 'Single-threaded leadership',
  'weekly-business-review': 'Weekly business review',
  'initiative-pipeline': 'Initiative pipeline',
  'sales-discovery': 'Sales discovery worked backwards',
} as const;

export type Mechanism = keyof typeof MECHANISMS;
export const MECHANISM_KEYS = Object.keys(MECHANISMS) as Mechanism[];

export function isMechanism(value: string): value is Mechanism {
  return Object.hasOwn(MECHANISMS, value);
}

/**
 * The tools a playbook's "Apply this" opens: a page of the web app (its section and query), the words on the
 * button, and the permission that page's action needs, so a reader whose role cannot use the tool is told so
 * instead of being sent to a refusal. The documents page reads `?new=prfaq|memo` and opens its form ready for
 * that kind of document.
 */
export const PLAYBOOK_TOOLS = {
  prfaq: { label: 'Start a PR/FAQ', section: 'documents', query: '?new=prfaq', permission: 'documents.write', toolName: 'Documents' },
  memo: { label: 'Start a narrative memo', section: 'documents', query: '?new=memo', permission: 'documents.write', toolName: 'Documents' },
  principles: { label: 'Open the leadership principles', section: 'principles', query: '', permission: 'principles.read', toolName: 'Principles' },
  hiring: { label: 'Open hiring and its loops', section: 'hiring', query: '', permission: 'hiring.read', toolName: 'Hiring' },
  teams: { label: 'Open teams and initiatives', section: 'teams', query: '', permission: 'people.read', toolName: 'Teams & initiatives' },
  metrics: { label: 'Define inputs in the metric catalog', section: 'metrics', query: '', permission: 'metrics.write', toolName: 'Metrics' },
  pipeline: { label: 'Propose an idea in the pipeline', section: 'pipeline', query: '', permission: 'pipeline.write', toolName: 'Pipeline' },
  sales: { label: 'Open a deal in Sales', section: 'sales', query: '', permission: 'sales.write', toolName: 'Sales' },
} as const satisfies Record<string, { label: string; section: string; query: string; permission: Permission; toolName: string }>;

export type PlaybookTool = keyof typeof PLAYBOOK_TOOLS;
export const TOOL_KEYS = Object.keys(PLAYBOOK_TOOLS) as PlaybookTool[];

export function isPlaybookTool(value: string): value is PlaybookTool {
  return Object.hasOwn(PLAYBOOK_TOOLS, value);
}

/** A playbook's "Apply this" for one reader: where it goes in the web app and whether their role may use it there. */
export interface ApplyTarget {
  tool: PlaybookTool;
  label: string;
  /** The web app's address of the tool, inside the reader's org. */
  href: string;
  isAllowed: boolean;
  /** Why the reader cannot use it, when they cannot. */
  refusal: string | null;
}

/** Who holds a permission, in words ("an admin or a member"), from the one permissions table. */
function rolesWord(permission: Permission): string {
  const roles = PERMISSIONS[permission].map((role) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`);
  return roles.length <= 1 ? (roles[0] ?? 'nobody') : `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}`;
}

export function applyTargetFor(tool: PlaybookTool, orgId: string, canUse: (permission: Permission) => boolean): ApplyTarget {
  const target = PLAYBOOK_TOOLS[tool];
  const isAllowed = canUse(target.permission);
  return {
    tool,
    label: target.label,
    href: `/o/${orgId}/${target.section}${target.query}`,
    isAllowed,
    refusal: isAllowed ? null : `Your role cannot use this in ${target.toolName}; ${rolesWord(target.permission)} can.`,
  };
}

/**
 * Reading speed for "min read": 238 words a minute, the mean silent reading rate of adults reading non-fiction in
 * English found by Brysbaert's 2019 meta-analysis of 190 studies. The often-quoted 250-300 comes from older,
 * smaller studies and from fiction; playbooks are instructions that people read to act on, so the slower,
 * better-measured figure gives times they can plan around.
 */
export const WORDS_PER_MINUTE = 238;

/** Whole minutes, rounded up and never below one: "1 min read" for a short text, never "0 min". */
export function readMinutes(wordCount: number): number {
  return Math.max(1, Math.ceil(wordCount / WORDS_PER_MINUTE));
}

export const PLAYBOOK_LIMITS = {
  slugMaxLength: 80,
  titleMaxLength: 100,
  summaryMinLength: 20,
  summaryMaxLength: 300,
  searchMaxLength: 200,
  relatedMax: 6,
} as const;

/** Lower-case words joined by single hyphens, as in a URL: `writing-a-prfaq`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What the list filter needs of a playbook. */
export interface SearchablePlaybook {
  title: string;
  summary: string;
  mechanism: Mechanism;
}

/** Lower-case words of a text, without accents, so "Bar-Raiser" and "bar raiser" find each other. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * The library's filter, the same on the server (`?mechanism=&q=`) and in the web app (as the reader types): a
 * mechanism, if one is chosen, and every word of the query found at the start of a word of the title or summary
 * ("single thread" finds "Single-threaded leadership", "prfaq" finds "PR/FAQ"). Order is kept.
 */
export function filterPlaybooks<T extends SearchablePlaybook>(playbooks: readonly T[], filter: { mechanism?: Mechanism | undefined; query?: string | undefined }): T[] {
  const queryWords = searchWords(filter.query ?? '');
  return playbooks.filter((playbook) => {
    if (filter.mechanism !== undefined && playbook.mechanism !== filter.mechanism) return false;
    if (queryWords.length === 0) return true;
    const words = searchWords(`${playbook.title} ${playbook.summary}`);
    // Neighbouring words joined as well, so "prfaq" finds "PR/FAQ" (written as two words).
    const joined = words.slice(1).map((word, index) => words[index]! + word);
    return queryWords.every((queryWord) => words.some((word) => word.startsWith(queryWord)) || joined.some((pair) => pair.startsWith(queryWord)));
  });
}
