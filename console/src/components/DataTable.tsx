import type { ReactNode } from "react";

/** A column's heading; a hidden one is read by screen readers but not shown (over a row's buttons). */
export type Column = string | { hidden: string };

/**
 * Rows under their columns' headings, in a frame that scrolls sideways on a narrow screen and can
 * be scrolled from the keyboard. `children` are the body's rows.
 */
export function DataTable({
  label,
  columns,
  compact = false,
  children,
}: {
  label: string;
  columns: readonly Column[];
  compact?: boolean;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      <table className={compact ? "compact" : undefined}>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th scope="col" key={column}>
                  {column}
                </th>
              ) : (
                <th scope="col" key={column.hidden}>
                  <span className="visually-hidden">{column.hidden}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}
