import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { can } from '../../domain/accounts/roles.js';
import type { PlaybookLibrary } from '../../domain/playbooks/playbook.js';
import {
  accountDetail,
  candidateDetail,
  dealDetail,
  deckDetail,
  documentDetail,
  initiativeDetail,
  metricDetail,
  personDetail,
  playbookDetail,
  principleDetail,
  teamDetail,
  type NamedPerson,
} from '../../domain/search/search-details.js';
import { compareHits, matchCandidate, MatchTier, SEARCH_KIND_PERMISSIONS, SEARCH_KINDS, SEARCH_LIMITS, toSearchResult, type SearchCandidate, type SearchHit, type SearchKind, type SearchResult } from '../../domain/search/search-results.js';
import { escapeLike, foldForSearch, indexWords, plainTextOfMarkdown, searchTerms } from '../../domain/search/search-text.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { readableBy } from '../documents/document-access.js';
import { candidatesKnownTo } from '../hiring/candidate-access.js';
import { findActorPerson } from '../people/people.service.js';

export interface SearchInput {
  /** Trimmed, 1 to SEARCH_LIMITS.queryMaxLength characters (the route checks). */
  query: string;
  /** Only these kinds; all of them when empty. */
  kinds: readonly SearchKind[];
  limit: number;
}

export interface SearchAnswer {
  query: string;
  results: SearchResult[];
  /** Matches of each kind searched, beyond the limit too (exact up to SEARCH_LIMITS.candidatesPerKind). */
  counts: Partial<Record<SearchKind, number>>;
  /** More matched than `results` holds. */
  truncated: boolean;
}

interface KindSearch {
  candidates: SearchCandidate[];
  /** The kind had more candidates than were read: its count is a floor. */
  isCapped: boolean;
}

const CAP = SEARCH_LIMITS.candidatesPerKind;

/**
 * Every term in the row's stored folded text (`search_text`, see the search-trigrams migration), as
 * `LIKE '%term%'` with the term's wildcards escaped. It finds a superset of the matches (the domain then keeps those
 * where the term starts a word). A term of three characters or more reads the column's trigram index; a shorter one
 * reads the org's rows of the kind, which compares stored text and folds nothing.
 */
export function everyTermIn(column: string, terms: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.join(terms.map((term) => sql`${sql.ref(column)} like ${`%${escapeLike(term)}%`}`), sql` and `)})`;
}

const person = (name: string | null, leftOn: string | null): NamedPerson | null => (name === null ? null : { name, leftOn });
const isFull = (rows: readonly unknown[]): boolean => rows.length >= CAP;

async function searchInitiatives(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('initiatives')
    .leftJoin('people as leader', 'leader.id', 'initiatives.stl_person_id')
    .select(['initiatives.id', 'initiatives.name', 'initiatives.stage', 'initiatives.stage_changed_at', 'leader.name as leader_name', 'leader.left_on as leader_left_on'])
    .where('initiatives.org_id', '=', actor.orgId)
    .where(everyTermIn('initiatives.search_text', terms))
    .orderBy('initiatives.stage_changed_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'initiative', id: row.id, title: row.name, detail: initiativeDetail(row.stage, person(row.leader_name, row.leader_left_on)), body: null, parentId: null, updatedAt: new Date(row.stage_changed_at) })),
  };
}

async function searchPeople(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'role', 'level', 'left_on'])
    .where('org_id', '=', actor.orgId)
    .where(everyTermIn('people.search_text', terms))
    // People have no "updated": those still here first, then by name.
    .orderBy(sql`left_on is null`, 'desc')
    .orderBy('name')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'person', id: row.id, title: row.name, detail: personDetail(row.role, row.level, row.left_on), body: row.email, parentId: null, updatedAt: null })),
  };
}

async function searchTeams(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('teams')
    .leftJoin('initiatives', 'initiatives.id', 'teams.initiative_id')
    .select(['teams.id', 'teams.name', 'teams.is_single_threaded', 'teams.archived_at', 'initiatives.name as initiative_name'])
    .where('teams.org_id', '=', actor.orgId)
    .where(everyTermIn('teams.search_text', terms))
    .orderBy('teams.name')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'team', id: row.id, title: row.name, detail: teamDetail(row.is_single_threaded, row.initiative_name, row.archived_at !== null), body: null, parentId: null, updatedAt: null })),
  };
}

async function searchMetrics(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('metrics')
    .leftJoin('people as owner', 'owner.id', 'metrics.owner_person_id')
    .select(['metrics.id', 'metrics.name', 'metrics.definition', 'metrics.kind', 'metrics.updated_at', 'owner.name as owner_name', 'owner.left_on as owner_left_on'])
    .where('metrics.org_id', '=', actor.orgId)
    .where(everyTermIn('metrics.search_text', terms))
    .orderBy('metrics.updated_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'metric', id: row.id, title: row.name, detail: metricDetail(row.kind, person(row.owner_name, row.owner_left_on)), body: row.definition, parentId: null, updatedAt: new Date(row.updated_at) })),
  };
}

async function searchDecks(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('wbr_decks')
    .leftJoin('people as owner', 'owner.id', 'wbr_decks.owner_person_id')
    .select(['wbr_decks.id', 'wbr_decks.name', 'wbr_decks.updated_at', 'owner.name as owner_name', 'owner.left_on as owner_left_on'])
    .where('wbr_decks.org_id', '=', actor.orgId)
    .where(everyTermIn('wbr_decks.search_text', terms))
    .orderBy('wbr_decks.updated_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'deck', id: row.id, title: row.name, detail: deckDetail(person(row.owner_name, row.owner_left_on)), body: null, parentId: null, updatedAt: new Date(row.updated_at) })),
  };
}

async function searchDeals(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('opportunities')
    .leftJoin('people as owner', 'owner.id', 'opportunities.owner_person_id')
    .select(['opportunities.id', 'opportunities.name', 'opportunities.account_name', 'opportunities.stage', 'opportunities.updated_at', 'owner.name as owner_name', 'owner.left_on as owner_left_on'])
    .where('opportunities.org_id', '=', actor.orgId)
    .where(everyTermIn('opportunities.search_text', terms))
    .orderBy('opportunities.updated_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'deal', id: row.id, title: row.name, detail: dealDetail(row.stage, row.account_name, person(row.owner_name, row.owner_left_on)), body: row.account_name, parentId: null, updatedAt: new Date(row.updated_at) })),
  };
}

async function searchAccounts(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('accounts')
    .leftJoin('people as owner', 'owner.id', 'accounts.owner_person_id')
    .select(['accounts.id', 'accounts.name', 'accounts.is_strategic', 'accounts.updated_at', 'owner.name as owner_name', 'owner.left_on as owner_left_on'])
    .where('accounts.org_id', '=', actor.orgId)
    .where(everyTermIn('accounts.search_text', terms))
    .orderBy('accounts.updated_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'account', id: row.id, title: row.name, detail: accountDetail(row.is_strategic, person(row.owner_name, row.owner_left_on)), body: null, parentId: null, updatedAt: new Date(row.updated_at) })),
  };
}

async function searchCandidates(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  // Confidential: the same rule as every candidate route (candidate-access.ts), applied in the query, so a
  // candidate the viewer may not know of is neither listed nor counted.
  const actorPersonId = await findActorPerson(db, actor);
  const rows = await db
    .selectFrom('candidates')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .select(['candidates.id', 'candidates.name', 'candidates.email', 'candidates.requisition_id', 'candidates.created_at', 'requisitions.role', 'requisitions.level'])
    .where('candidates.org_id', '=', actor.orgId)
    .where(candidatesKnownTo(actor, actorPersonId))
    .where(everyTermIn('candidates.search_text', terms))
    .orderBy('candidates.created_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'candidate', id: row.id, title: row.name, detail: candidateDetail(row.role, row.level), body: row.email, parentId: row.requisition_id, updatedAt: null })),
  };
}

async function searchPrinciples(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const rows = await db
    .selectFrom('principles')
    .innerJoin('principle_versions as current', (join) => join.onRef('current.principle_id', '=', 'principles.id').onRef('current.version', '=', 'principles.current_version'))
    .select(['principles.id', 'principles.status', 'principles.updated_at', 'current.title', 'current.summary'])
    .where('principles.org_id', '=', actor.orgId)
    .where(everyTermIn('current.search_text', terms))
    .orderBy('principles.updated_at', 'desc')
    .limit(CAP)
    .execute();
  return {
    isCapped: isFull(rows),
    candidates: rows.map((row) => ({ kind: 'principle', id: row.id, title: row.title, detail: principleDetail(row.status), body: row.summary, parentId: null, updatedAt: new Date(row.updated_at) })),
  };
}

/**
 * Documents the viewer may read (readableBy), by their current version. Two bounded queries, each written so that
 * PostgreSQL starts where the rows are few (checked with EXPLAIN on thousands of documents):
 * - titles: the org's versions whose stored folded title (`search_title`, trigram index) holds every term, then
 *   only those that are current and readable; for words too short for a trigram, the org's readable documents
 *   first (a materialized CTE from documents_org_idx), then their current titles;
 * - title and body: the versions whose stored words (`search_words`, GIN index) hold each term's letters and digits
 *   as a prefix ("lau:*"), then only those that are current and readable.
 * A query that starts from the versions reads them in a materialized CTE: without it, ORDER BY … LIMIT tempts the
 * planner into walking the org's documents newest first, testing each one's title or words.
 * The bodies are not read here: only those of the results shown are, for their snippets (see withDocumentBodies).
 */
async function searchDocuments(db: Db, actor: OrgActor, terms: readonly string[]): Promise<KindSearch> {
  const currentAndReadable = (versions: RawBuilder<SqlBool>) =>
    db
      .with(
        (cte) => cte('matched').materialized(),
        (inner) => inner.selectFrom('document_versions').select(['document_id', 'version', 'title']).where('org_id', '=', actor.orgId).where(versions),
      )
      .selectFrom('matched')
      .innerJoin('documents', (join) => join.onRef('documents.id', '=', 'matched.document_id').onRef('documents.current_version', '=', 'matched.version'))
      .select(['documents.id', 'documents.kind', 'documents.visibility', 'documents.current_version', 'documents.updated_at', 'matched.title'])
      .where('documents.org_id', '=', actor.orgId)
      .where(readableBy(actor))
      .orderBy('documents.updated_at', 'desc')
      .limit(CAP)
      .execute();
  // A word of three letters or digits gives the trigram index something to look up: start from the versions it finds.
  // Shorter words have none: start from the org's readable documents and compare their stored current titles, which
  // reads no other org's versions.
  const byTitle = terms.some((term) => indexWords(term).some((word) => [...word].length >= 3))
    ? currentAndReadable(everyTermIn('document_versions.search_title', terms))
    : db
        .with(
          (cte) => cte('readable').materialized(),
          (inner) =>
            inner
              .selectFrom('documents')
              .innerJoin('document_versions as current', (join) => join.onRef('current.document_id', '=', 'documents.id').onRef('current.version', '=', 'documents.current_version'))
              .select(['documents.id', 'documents.kind', 'documents.visibility', 'documents.current_version', 'documents.updated_at', 'current.title', sql<string>`current.search_title`.as('search_title')])
              .where('documents.org_id', '=', actor.orgId)
              .where(readableBy(actor)),
        )
        .selectFrom('readable')
        .select(['readable.id', 'readable.kind', 'readable.visibility', 'readable.current_version', 'readable.updated_at', 'readable.title'])
        .where(everyTermIn('readable.search_title', terms))
        .orderBy('readable.updated_at', 'desc')
        .limit(CAP)
        .execute();
  const words = terms.flatMap(indexWords);
  const byText = async () => (words.length === 0 ? [] : currentAndReadable(sql<SqlBool>`search_words @@ to_tsquery('simple', ${words.map((word) => `'${word}':*`).join(' & ')})`));
  const [titleRows, textRows] = await Promise.all([byTitle, byText()]);
  const titleIds = new Set(titleRows.map((row) => row.id));
  const toCandidate = (row: (typeof titleRows)[number], isIndexMatch: boolean): SearchCandidate => ({
    kind: 'document',
    id: row.id,
    title: row.title,
    detail: documentDetail(row.kind, row.current_version, row.visibility),
    body: null,
    isIndexMatch,
    parentId: null,
    updatedAt: new Date(row.updated_at),
  });
  return {
    isCapped: isFull(titleRows) || isFull(textRows),
    candidates: [...titleRows.map((row) => toCandidate(row, false)), ...textRows.filter((row) => !titleIds.has(row.id)).map((row) => toCandidate(row, true))],
  };
}

interface PlaybookText {
  /** The summary and the body without its Markdown: what the domain matches and takes snippets from. */
  body: string;
  /** Title and body folded (foldForSearch), to pass over the playbooks that cannot match before the domain folds again. */
  folded: string;
}

/** The shipped playbooks' searchable text, made once per library. */
const playbookTexts = new WeakMap<PlaybookLibrary, Map<string, PlaybookText>>();

function searchPlaybooks(library: PlaybookLibrary, terms: readonly string[]): KindSearch {
  let texts = playbookTexts.get(library);
  if (!texts) {
    texts = new Map(
      library.playbooks.map((playbook) => {
        const body = `${playbook.summary} ${plainTextOfMarkdown(playbook.body)}`;
        return [playbook.slug, { body, folded: foldForSearch(`${playbook.title} ${body}`) }];
      }),
    );
    playbookTexts.set(library, texts);
  }
  const known = texts;
  // Like the SQL of the other kinds, a superset: every term somewhere; the domain then keeps the word starts.
  const mayMatch = library.playbooks.filter((playbook) => {
    const folded = known.get(playbook.slug)?.folded;
    return folded === undefined || terms.every((term) => folded.includes(term));
  });
  return {
    isCapped: false,
    candidates: mayMatch.map((playbook) => ({
      kind: 'playbook',
      id: playbook.slug,
      title: playbook.title,
      detail: playbookDetail(playbook.mechanism, playbook.readMinutes),
      body: known.get(playbook.slug)?.body ?? playbook.summary,
      parentId: null,
      updatedAt: null,
    })),
  };
}

const SEARCHES: Record<SearchKind, (db: Db, actor: OrgActor, terms: readonly string[], library: PlaybookLibrary) => Promise<KindSearch> | KindSearch> = {
  initiative: searchInitiatives,
  document: searchDocuments,
  person: searchPeople,
  team: searchTeams,
  metric: searchMetrics,
  deck: searchDecks,
  deal: searchDeals,
  account: searchAccounts,
  playbook: (_db, _actor, terms, library) => searchPlaybooks(library, terms),
  candidate: searchCandidates,
  principle: searchPrinciples,
};

/**
 * The bodies of the documents shown that matched through the index: read now (a few rows), as plain text, to
 * show where the words are. One the index found but the domain's matching does not (a term whose punctuation
 * the index ignores) is dropped.
 */
async function withDocumentBodies(db: Db, orgId: string, hits: SearchHit[], terms: readonly string[]): Promise<SearchHit[]> {
  const pending = hits.filter((hit) => hit.candidate.kind === 'document' && hit.candidate.body === null && hit.tier === MatchTier.Body);
  if (pending.length === 0) return hits;
  const rows = await db
    .selectFrom('documents')
    .innerJoin('document_versions as current', (join) => join.onRef('current.document_id', '=', 'documents.id').onRef('current.version', '=', 'documents.current_version'))
    .select(['documents.id', 'current.body'])
    .where('documents.org_id', '=', orgId)
    .where('documents.id', 'in', pending.map((hit) => hit.candidate.id))
    .execute();
  const bodies = new Map(rows.map((row) => [row.id, plainTextOfMarkdown(row.body)]));
  return hits.flatMap((hit) => {
    if (!pending.includes(hit)) return [hit];
    const body = bodies.get(hit.candidate.id);
    if (body === undefined) return [];
    const rematched = matchCandidate({ ...hit.candidate, body, isIndexMatch: false }, terms);
    return rematched ? [rematched] : [];
  });
}

/**
 * Org-wide search: every kind the viewer's role may read (or those asked for), each row the viewer may see,
 * matched and ranked by the domain (src/domain/search), the best `limit` of them with each kind's count.
 */
export async function searchOrg(db: Db, actor: OrgActor, library: PlaybookLibrary, input: SearchInput): Promise<SearchAnswer> {
  const terms = searchTerms(input.query);
  const asked = input.kinds.length === 0 ? SEARCH_KINDS : SEARCH_KINDS.filter((kind) => input.kinds.includes(kind));
  const kinds = asked.filter((kind) => can(actor.role, SEARCH_KIND_PERMISSIONS[kind]));
  if (terms.length === 0) return { query: input.query, results: [], counts: Object.fromEntries(kinds.map((kind) => [kind, 0])), truncated: false };
  const searched = await Promise.all(kinds.map(async (kind) => ({ kind, found: await SEARCHES[kind](db, actor, terms, library) })));
  const counts: Partial<Record<SearchKind, number>> = {};
  const hits: SearchHit[] = [];
  let isCapped = false;
  for (const { kind, found } of searched) {
    const matched = found.candidates.map((candidate) => matchCandidate(candidate, terms)).filter((hit): hit is SearchHit => hit !== null);
    counts[kind] = matched.length;
    isCapped ||= found.isCapped;
    hits.push(...matched);
  }
  hits.sort(compareHits);
  const top = hits.slice(0, input.limit);
  const shown = await withDocumentBodies(db, actor.orgId, top, terms);
  const dropped = top.length - shown.length;
  if (dropped > 0 && counts.document !== undefined) counts.document -= dropped;
  return {
    query: input.query,
    results: shown.map((hit) => toSearchResult(hit, terms)),
    counts,
    truncated: isCapped || hits.length - dropped > shown.length,
  };
}

