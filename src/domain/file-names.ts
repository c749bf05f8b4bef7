/**
 * The name of a file the server sends for download, from a title people wrote: its accents folded into their
 * letters ("Übersicht Été" reads "Ubersicht-Ete", rather than losing the letters that carried them), every run of
 * other characters a dash. ASCII only, so it can stand in a `content-disposition` header as it is.
 */
export function downloadBaseName(title: string, fallback: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.length > 0 ? base : fallback;
}
