import { useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { Button } from '../../components/button.js';

/** Where the action shows: beside the selection on a wide screen; on a phone, docked to the edge the selection is not near. */
type Placement = { top: number; left: number; dock: 'top' | 'bottom' };

/** Room kept for the floating button (its height and a gap), and for the bar docked to a phone's screen. */
const BUTTON_ROOM = 48;
const DOCKED_BAR_ROOM = 80;
const EDGE = 8;

/** The selection's words inside `container`, as a rectangle of the viewport; undefined when nothing there is selected. */
function selectedRectIn(container: HTMLElement | null): DOMRect | undefined {
  const selection = window.getSelection();
  if (!container || !selection || selection.isCollapsed || selection.rangeCount === 0 || selection.toString().trim() === '') return undefined;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return undefined;
  return range.getBoundingClientRect();
}

function placementOf(rect: DOMRect): Placement {
  // Below the words when there is room, else above them: never over them.
  const below = rect.bottom + EDGE;
  const top = below + BUTTON_ROOM <= window.innerHeight ? below : Math.max(EDGE, rect.top - BUTTON_ROOM);
  const left = Math.min(Math.max(rect.left, EDGE), Math.max(EDGE, window.innerWidth - 260));
  return { top, left, dock: rect.bottom > window.innerHeight - DOCKED_BAR_ROOM ? 'top' : 'bottom' };
}

/**
 * The action on a selection of the text, shown where the reader is while words of `within` are selected: the form that
 * takes the passage sits below the whole document, out of sight on a phone. `read` takes the selection when the
 * button is pressed (before a tap can clear it on a touch screen); `onUse` gets what it read. It follows the text
 * in the tab order, so a keyboard reader who selected words reaches it next.
 */
export function SelectionAction<Taken>({ within, label, read, onUse }: { within: RefObject<HTMLElement | null>; label: string; read(): Taken | undefined; onUse(taken: Taken | undefined): void }) {
  const [placement, setPlacement] = useState<Placement | undefined>();
  const taken = useRef<{ value: Taken | undefined } | undefined>(undefined);
  const isPressing = useRef(false);

  useEffect(() => {
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const rect = selectedRectIn(within.current);
        // A tap on the button may clear the selection before its click: it stays until the click is handled.
        if (rect) setPlacement(placementOf(rect));
        else if (!isPressing.current) setPlacement(undefined);
      });
    };
    document.addEventListener('selectionchange', update);
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('selectionchange', update);
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [within]);

  if (!placement) return null;
  const style = { '--selection-top': `${placement.top}px`, '--selection-left': `${placement.left}px` } as CSSProperties;
  return (
    <div className="selection-action no-print" data-dock={placement.dock} style={style}>
      <Button
        size="small"
        variant="primary"
        onPointerDown={() => {
          isPressing.current = true;
          taken.current = { value: read() };
        }}
        onPointerCancel={() => {
          isPressing.current = false;
          taken.current = undefined;
        }}
        // A mouse press would otherwise clear the selection before the click reads it.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          const value = taken.current ? taken.current.value : read();
          isPressing.current = false;
          taken.current = undefined;
          setPlacement(undefined);
          onUse(value);
        }}
      >
        {label}
      </Button>
    </div>
  );
}
