import { useMemo } from 'react';
import { renderMarkdown } from '../../../../src/domain/documents/markdown-html.js';

/**
 * Shows Markdown as HTML. The renderer escapes every character of the source and writes only its own
 * tags (no raw HTML, no script URLs), so its output is safe to place in the page.
 */
export function MarkdownView({ source, className, label }: { source: string; className?: string; label?: string }) {
  const html = useMemo(() => renderMarkdown(source, { headingOffset: 1 }), [source]);
  return <div className={`markdown ${className ?? ''}`} aria-label={label} role={label ? 'region' : undefined} dangerouslySetInnerHTML={{ __html: html }} />;
}
