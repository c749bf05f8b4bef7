import { useEffect, useState } from 'react';
import type { PlaybookDiagram as Diagram } from './playbooks-api.js';

type DrawingState = { status: 'drawing' } | { status: 'drawn'; light: string; dark: string } | { status: 'failed' };

/**
 * One diagram of a playbook, drawn in the browser by Mermaid (loaded on first use). It is drawn once per colour
 * scheme and the stylesheet shows the one the page is in, so switching the theme needs no redrawing and printing
 * always uses the light drawing. The steps in words sit next to it (in the playbook's HTML), so a reader who
 * cannot see the drawing, or whose browser could not draw it, still has the diagram.
 */
export function PlaybookDiagram({ diagram, onFailed }: { diagram: Diagram; onFailed(): void }) {
  const [state, setState] = useState<DrawingState>({ status: 'drawing' });
  useEffect(() => {
    let isCurrent = true;
    import('./mermaid-renderer.js')
      .then(async ({ drawFlowchart }) => {
        const light = await drawFlowchart(diagram.source, 'light');
        const dark = await drawFlowchart(diagram.source, 'dark');
        if (isCurrent) setState({ status: 'drawn', light, dark });
      })
      .catch(() => {
        if (!isCurrent) return;
        setState({ status: 'failed' });
        onFailed();
      });
    return () => {
      isCurrent = false;
    };
    // The source is what is drawn; a new onFailed closure each render is not a reason to draw again.
  }, [diagram.source]);

  if (state.status === 'drawing') return <p className="playbook-diagram__status">Drawing the diagram…</p>;
  if (state.status === 'failed') return <p className="playbook-diagram__status">This diagram could not be drawn here; its steps are listed below.</p>;
  // The SVG comes from Mermaid in strict mode (its output is sanitised) and from a diagram Pulse ships.
  return (
    <div className="playbook-diagram__svg" role="img" aria-label={`Flowchart: ${diagram.title}. Its steps are listed below the caption.`}>
      <div className="playbook-diagram__scheme playbook-diagram__scheme--light" dangerouslySetInnerHTML={{ __html: state.light }} />
      <div className="playbook-diagram__scheme playbook-diagram__scheme--dark" dangerouslySetInnerHTML={{ __html: state.dark }} />
    </div>
  );
}
