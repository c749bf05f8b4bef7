// The same word diff the document versions use, from the domain core.
import { diffWords } from '../../../src/domain/documents/word-diff.js';

const CHANGE_MARKUP = {
  deleted: { Tag: 'del', className: 'diff__removed', spoken: 'removed' },
  inserted: { Tag: 'ins', className: 'diff__added', spoken: 'added' },
} as const;

/** Shows a wording change inline: removed words struck through, added ones highlighted, both named for screen readers. */
export function WordDiffView({ before, after }: { before: string; after: string }) {
  return (
    <span className="diff">
      {diffWords(before, after).map((part, index) => {
        if (part.kind === 'same') return <span key={index}>{part.text}</span>;
        const { Tag, className, spoken } = CHANGE_MARKUP[part.kind];
        return (
          <Tag key={index} className={className}>
            <span className="visually-hidden">[{spoken}: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </Tag>
        );
      })}
    </span>
  );
}
