import type { ReactNode } from 'react';

/** A table with column headings; rows are the children (`<tr>`s). */
export function DataTable({ columns, children }: { columns: readonly ReactNode[]; children: ReactNode }) {
  return (
    <table className="table">
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th scope="col" key={index}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
