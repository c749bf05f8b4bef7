import { diffWords } from '../lib/word-diff.js';

/** Shows a wording change inline: removed words struck through, added ones highlighted, both named for screen readers. */
export function WordDiffView({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <span className="diff">
      {parts.map((part, index) => {
        if (part.kind === 'same') return <span key={index}>{part.text}</span>;
        if (part.kind === 'removed')
          return (
            <del key={index} className="diff__removed">
              <span className="visually-hidden">[removed: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </del>
          );
        return (
          <ins key={index} className="diff__added">
            <span className="visually-hidden">[added: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        );
      })}
    </span>
  );
}
