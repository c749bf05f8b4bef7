import { highlightParts, type HighlightRange, type SearchResult } from '../lib/search.js';

/** Text with the parts that matched the search in <mark>, which screen readers and Windows' high contrast both show. */
export function HighlightedText({ text, ranges }: { text: string; ranges: readonly HighlightRange[] }) {
  return (
    <>
      {highlightParts(text, ranges).map((part, index) => (part.isMatch ? <mark key={index}>{part.text}</mark> : part.text))}
    </>
  );
}

/** One result as the search dialog and the results page both show it: title, a line of context, and the matching passage. */
export function SearchResultBody({ result }: { result: SearchResult }) {
  return (
    <>
      <span className="search-result__title">
        <HighlightedText text={result.title} ranges={result.titleHighlights} />
      </span>
      {result.detail !== '' && <span className="search-result__detail">{result.detail}</span>}
      {result.snippet && (
        <span className="search-result__snippet">
          <HighlightedText text={result.snippet.text} ranges={result.snippet.highlights} />
        </span>
      )}
    </>
  );
}
