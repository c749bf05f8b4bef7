import { Link } from '../../lib/router.js';
import type { PipelineItem } from './pipeline-types.js';

/** A linked PR/FAQ or memo: its title as a link, or a note when the viewer may not read it (the server withholds its title). */
export function LinkedDocumentName({ orgId, document, none }: { orgId: string; document: PipelineItem['prfaq']; none: string }) {
  if (document === null) return <span className="table__muted">{none}</span>;
  if (document.title === null) return <span className="table__muted">a document you cannot read</span>;
  return <Link to={`/o/${orgId}/documents/${document.id}`}>{document.title}</Link>;
}
