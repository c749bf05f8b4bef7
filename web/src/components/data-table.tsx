import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A table with column headings; rows are the children (`<tr>`s). A table wider than its place scrolls inside its
 * own box instead of widening the page, and that box then takes keyboard focus (with `label` as its name), so a
 * keyboard user can scroll it too; a table that fits adds no tab stop.
 *
 * `stacksOnPhones`: on a phone each row is drawn as a block instead, its cells one under the other, each named by the
 * `data-label` of its `<td>` (the first cell, unnamed, heads the block). For a table whose last column holds what
 * people act on, which scrolling sideways would put out of sight.
 *
 * `caption`: the table's name for screen readers, when no heading names it.
 *
 * `sortedColumn`: the column the rows are sorted by, announced as `aria-sort` on its heading (the column header is
 * where ARIA allows it; the heading's own sort button sits inside).
 */
export function DataTable({ columns, children, label, caption, stacksOnPhones = false, sortedColumn }: { columns: readonly ReactNode[]; children: ReactNode; label?: string; caption?: string; stacksOnPhones?: boolean; sortedColumn?: { index: number; direction: 'ascending' | 'descending' } | undefined }) {
  const box = useRef<HTMLDivElement>(null);
  const [isOverflowing, setIsOverflowing] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const measure = () => setIsOverflowing(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="table-scroll" {...(isOverflowing ? { tabIndex: 0, role: 'region', 'aria-label': label ?? 'Table (scrolls sideways)' } : {})}>
      <table className={stacksOnPhones ? 'table table--stacks' : 'table'}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th scope="col" key={index} aria-sort={sortedColumn?.index === index ? sortedColumn.direction : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
