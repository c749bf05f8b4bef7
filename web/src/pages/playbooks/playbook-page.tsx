import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { MECHANISMS } from '../../../../src/domain/playbooks/playbook-catalog.js';
import { Button } from '../../components/button.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { messageOf } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import { PlaybookDiagram } from './playbook-diagram.js';
import { helpfulText, lengthText, playbookPath, playbooksApi, viewsText, type HelpfulCounts, type PlaybookView } from './playbooks-api.js';
import './playbooks.css';

/** One playbook, set for reading, with its diagrams drawn, "Was this helpful?", related playbooks and downloads. */
export function PlaybookPage({ membership, slug }: { membership: Membership; slug: string }) {
  const orgId = membership.org.id;
  const playbook = useResource((signal) => playbooksApi(orgId).get(slug, signal), `${orgId}/${slug}`);
  // The reader's answer changes the counts in the lead as well as under the question.
  const [answered, setAnswered] = useState<HelpfulCounts | undefined>();

  if (playbook.isLoading && !playbook.data) return <LoadingNote label="Opening the playbook…" />;
  if (playbook.error && !playbook.data) {
    return (
      <Page title="Playbook" context={membership.org.name} lead={<Link to={`/o/${orgId}/playbooks`}>All playbooks</Link>}>
        <ErrorNote message={playbook.error} onRetry={playbook.reload} />
      </Page>
    );
  }
  const data = playbook.data!;
  const helpfulCounts = answered ?? data.helpful;
  const helpful = helpfulText(helpfulCounts);
  const lead = (
    <>
      <p className="playbook-lead">
        <Link to={`/o/${orgId}/playbooks`} className="back-link">
          ← All playbooks
        </Link>
      </p>
      <p className="playbook-lead">
        <span className="badge badge--leading">{MECHANISMS[data.mechanism]}</span>
        {lengthText(data)} · {viewsText(data.views)}
        {helpful && ` · ${helpful}`}
      </p>
    </>
  );

  return (
    <Page title={data.title} context={membership.org.name} lead={lead} actions={<ApplyThis playbook={data} />}>
      <div className="playbook">
        <div className="playbook__main">
          <p className="playbook__summary">{data.summary}</p>
          <PlaybookBody key={data.slug} playbook={data} />
          <HelpfulQuestion orgId={orgId} slug={data.slug} counts={helpfulCounts} onAnswered={setAnswered} />
        </div>
        <aside className="playbook__aside" aria-label="About this playbook">
          <section className="playbook-box" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading" className="playbook-box__title">
              Download or print
            </h2>
            <ul className="playbook-box__list">
              <li>
                <a href={playbooksApi(orgId).downloadUrl(data.slug, 'markdown')}>Markdown file</a>
                <span className="playbook-box__note">The text with its diagrams' sources, to keep or adapt.</span>
              </li>
              <li>
                <a href={playbooksApi(orgId).downloadUrl(data.slug, 'pdf')} download>
                  PDF file
                </a>
                <span className="playbook-box__note">A4 pages to keep or share; each diagram drawn, with its steps.</span>
              </li>
              <li>
                <a href={playbooksApi(orgId).downloadUrl(data.slug, 'html')} target="_blank" rel="noopener">
                  Printable page<span className="visually-hidden"> (opens in a new tab)</span>
                </a>
                <span className="playbook-box__note">A plain page to print; each diagram as its steps.</span>
              </li>
              <li>
                <button type="button" className="link-button" onClick={() => window.print()}>
                  Print this page
                </button>
                <span className="playbook-box__note">The article alone, with the diagrams drawn.</span>
              </li>
            </ul>
          </section>
          {data.related.length > 0 && (
            <section className="playbook-box" aria-labelledby="related-heading">
              <h2 id="related-heading" className="playbook-box__title">
                Related playbooks
              </h2>
              <ul className="playbook-related">
                {data.related.map((related) => (
                  <li key={related.slug}>
                    <Link to={playbookPath(orgId, related.slug)}>{related.title}</Link>
                    <span className="playbook-box__hint"> · {related.readMinutes} min read</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </Page>
  );
}

/** "Apply this": into the tool, or, when the reader's role cannot use it there, why not. */
function ApplyThis({ playbook }: { playbook: PlaybookView }) {
  return (
    <div className="playbook-apply">
      <span className="playbook-apply__label">Apply this</span>
      {playbook.apply.isAllowed ? (
        <Link to={playbook.apply.href} className="button button--primary">
          {playbook.apply.label}
        </Link>
      ) : (
        <p className="playbook-apply__refusal">{playbook.apply.refusal}</p>
      )}
    </div>
  );
}

interface DiagramSlot {
  number: number;
  element: HTMLElement;
}

/**
 * The body's HTML (made safe by the server's renderer) with each diagram drawn into its slot. The slots are found
 * after the HTML is in the page, and the drawings are rendered into them through portals, so React owns them.
 */
function PlaybookBody({ playbook }: { playbook: PlaybookView }) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [slots, setSlots] = useState<DiagramSlot[]>([]);
  useLayoutEffect(() => {
    const found = [...(bodyRef.current?.querySelectorAll<HTMLElement>('[data-diagram]') ?? [])].map((element) => ({ number: Number(element.dataset.diagram), element }));
    setSlots(found);
  }, [playbook.html]);
  // A diagram that cannot be drawn opens its steps, so the reader is not left with a gap.
  const openSteps = (slot: DiagramSlot) => () => {
    const steps = slot.element.closest('figure')?.querySelector('details');
    if (steps) steps.open = true;
  };
  return (
    <>
      <article className="playbook__body" aria-label={playbook.title} ref={bodyRef} dangerouslySetInnerHTML={{ __html: playbook.html }} />
      {slots.map((slot) => {
        const diagram = playbook.diagrams.find((candidate) => candidate.number === slot.number);
        return diagram ? createPortal(<PlaybookDiagram diagram={diagram} onFailed={openSteps(slot)} />, slot.element, `diagram-${slot.number}`) : null;
      })}
    </>
  );
}

function HelpfulQuestion({ orgId, slug, counts, onAnswered }: { orgId: string; slug: string; counts: HelpfulCounts; onAnswered(counts: HelpfulCounts): void }) {
  const [pending, setPending] = useState<boolean | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isSaved, setSaved] = useState(false);
  const answer = async (helpful: boolean) => {
    setPending(helpful);
    setError(undefined);
    try {
      onAnswered(await playbooksApi(orgId).answerHelpful(slug, helpful));
      setSaved(true);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setPending(undefined);
    }
  };
  const answers = counts.yes + counts.no;
  return (
    <section className="playbook-helpful" aria-labelledby="helpful-heading">
      <h2 id="helpful-heading" className="playbook-helpful__question">
        Was this helpful?
      </h2>
      <div className="playbook-helpful__answers" role="group" aria-labelledby="helpful-heading">
        <Button size="small" variant={counts.mine === true ? 'primary' : 'secondary'} aria-pressed={counts.mine === true} isBusy={pending === true} onClick={() => void answer(true)}>
          Yes
        </Button>
        <Button size="small" variant={counts.mine === false ? 'primary' : 'secondary'} aria-pressed={counts.mine === false} isBusy={pending === false} onClick={() => void answer(false)}>
          No
        </Button>
      </div>
      <p className="playbook-helpful__tally" role="status">
        {answers === 0 ? 'Nobody has answered yet.' : `${counts.yes} said yes, ${counts.no} said no.`}
        {counts.mine !== null && ` You said ${counts.mine ? 'yes' : 'no'}${isSaved ? ' (saved)' : ''}; you can change your answer.`}
      </p>
      {error && <ErrorNote message={error} />}
    </section>
  );
}
