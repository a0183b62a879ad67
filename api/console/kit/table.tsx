import type { Child } from "hono/jsx";

export interface TableProps {
  /** The column headings, in order. */
  columns: readonly Child[];
  caption?: Child;
  /** In a card of its own. */
  card?: boolean;
  /**
   * Names the scrolling region: a keyboard can then reach it and scroll it (for tables that may be
   * wider than a phone), and a screen reader announces it.
   */
  label?: string;
  /** The rows. */
  children: Child;
}

/** A table that scrolls sideways inside its frame on a narrow screen, not the whole page. */
export function Table({ columns, caption, card, label, children }: TableProps) {
  const table = (
    <table>
      {caption !== undefined && <caption class="muted">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  const frame = card ? "card table-wrap" : "table-wrap";
  return label ? (
    <section class={frame} tabindex={0} aria-label={label}>
      {table}
    </section>
  ) : (
    <div class={frame}>{table}</div>
  );
}
