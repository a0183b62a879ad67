import type { ComponentRow } from "../../domain/components/component-store.ts";
import { CsrfField, ErrorSummary, Field, StatusBadge, TextAreaField } from "../kit/index.ts";

const byPosition = (a: ComponentRow, b: ComponentRow) =>
  a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime();

export interface PageEntry {
  row: ComponentRow;
  /** Within its level: may it move up, down? */
  first: boolean;
  last: boolean;
  child: boolean;
}

/** The components as the public page lists them: top level in order, each group followed by its own. */
export function pageOrder(rows: ComponentRow[]): PageEntry[] {
  const level = (items: ComponentRow[], child: boolean) =>
    items.sort(byPosition).map((row, i) => ({ row, first: i === 0, last: i === items.length - 1, child }));
  return level(
    rows.filter((r) => !r.groupId),
    false,
  ).flatMap((entry) =>
    entry.row.isGroup
      ? [
          entry,
          ...level(
            rows.filter((r) => r.groupId === entry.row.id),
            true,
          ),
        ]
      : [entry],
  );
}

function MoveButton({
  row,
  direction,
  csrfToken,
}: {
  row: ComponentRow;
  direction: "up" | "down";
  csrfToken: string;
}) {
  return (
    <form method="post" action={`/admin/components/${row.id}/move`} class="inline">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="secondary" aria-label={`Move ${row.name} ${direction}`}>
        {direction === "up" ? "↑ Up" : "↓ Down"}
      </button>
    </form>
  );
}

function Row({ entry, csrfToken, canEdit }: { entry: PageEntry; csrfToken: string; canEdit: boolean }) {
  const { row } = entry;
  const flags = [
    row.isGroup ? "group" : row.showcase ? "uptime bar shown" : "no uptime bar",
    row.onlyShowIfDegraded ? "shown only when degraded" : "",
  ].filter(Boolean);
  return (
    <tr>
      <td class={entry.child ? "child" : undefined}>
        {row.isGroup ? <strong>{row.name}</strong> : row.name}
        {entry.child && <span class="muted"> (in group)</span>}
        <br />
        <span class="muted">{flags.join(" · ")}</span>
      </td>
      <td>{row.isGroup ? <span class="badge info">group</span> : <StatusBadge status={row.status} />}</td>
      {canEdit && (
        <td class="row-actions">
          {!entry.first && <MoveButton row={row} direction="up" csrfToken={csrfToken} />}
          {!entry.last && <MoveButton row={row} direction="down" csrfToken={csrfToken} />}
          <a href={`/admin/components/${row.id}`}>{`Edit ${row.name}`}</a>
          <a href={`/admin/components/${row.id}/delete`}>{`Delete ${row.name}`}</a>
        </td>
      )}
    </tr>
  );
}

export interface ComponentsPageProps {
  rows: ComponentRow[];
  canEdit: boolean;
  csrfToken: string;
  group?: { values: { name: string; description: string }; errors: Record<string, string> } | undefined;
}

export function ComponentsPage({ rows, canEdit, csrfToken, group }: ComponentsPageProps) {
  const entries = pageOrder(rows);
  return (
    <>
      <p>
        The components of the public page, in its order. Groups gather components under one heading.
        {canEdit && (
          <>
            {" "}
            <a href="/admin/components/new">Add a component</a>.
          </>
        )}
      </p>
      <div class="card table-wrap">
        <table>
          <caption class="muted">{`${rows.filter((r) => !r.isGroup).length} components, ${rows.filter((r) => r.isGroup).length} groups`}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              {canEdit && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <Row entry={entry} csrfToken={csrfToken} canEdit={canEdit} />
            ))}
          </tbody>
        </table>
        {entries.length === 0 && <p class="muted">No component yet.</p>}
      </div>
      {canEdit && (
        <form method="post" action="/admin/components/groups" class="card" aria-labelledby="new-group">
          <h2 id="new-group">Add a group</h2>
          <ErrorSummary errors={group?.errors ?? {}} />
          <CsrfField token={csrfToken} />
          <Field label="Group name" name="name" value={group?.values.name} error={group?.errors.name} />
          <TextAreaField
            label="Group description"
            name="description"
            value={group?.values.description}
            error={group?.errors.description}
            rows={2}
          />
          <p class="hint">Then move components into it from their edit page.</p>
          <div class="actions">
            <button type="submit">Add group</button>
          </div>
        </form>
      )}
    </>
  );
}
