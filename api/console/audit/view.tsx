import type { AuditRow } from "../../domain/audit/list-audit-log.ts";
import { Pager, When } from "../kit/index.ts";

export interface AuditFilters {
  entity_type: string;
  actor: string;
}

export interface AuditViewProps {
  entries: AuditRow[];
  actorNames: Map<string, string>;
  filters: AuditFilters;
  /** Links to the older page and back to the newest, with the same filters. */
  older: string | null;
  newest: string | null;
  linkTo: (filters: Partial<AuditFilters>) => string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The top-level fields whose value differs between before and after, when both are objects. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function Snapshot({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details>
      <summary>{label}</summary>
      <pre class="message code">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

function Entry({
  entry,
  name,
  linkTo,
}: {
  entry: AuditRow;
  name: string | undefined;
  linkTo: AuditViewProps["linkTo"];
}) {
  const changed = changedFields(entry.before, entry.after);
  return (
    <li>
      <p>
        <When at={entry.at} /> · <a href={linkTo({ actor: entry.actor })}>{name ?? entry.actor}</a>{" "}
        <strong>{entry.action}</strong>{" "}
        <a href={linkTo({ entity_type: entry.entityType })}>{entry.entityType}</a>
        {entry.entityId && (
          <>
            {" "}
            <code>{entry.entityId}</code>
          </>
        )}
      </p>
      {name && <p class="muted">{entry.actor}</p>}
      {changed.length > 0 && <p class="muted">{`Changed: ${changed.join(", ")}`}</p>}
      <Snapshot label="Before" value={entry.before} />
      <Snapshot label="After" value={entry.after} />
    </li>
  );
}

const filterFields = [
  {
    name: "entity_type",
    label: "Entity type",
    hint: "e.g. incident, component, settings, template, user",
    listId: "entity-types",
  },
  {
    name: "actor",
    label: "Who",
    hint: "An actor id as listed below, e.g. user:usr_…, token:tok_…, cli",
    listId: "actors",
  },
] as const;

/** A filter typed freely, suggesting the values seen on this page. */
function FilterField(props: {
  name: string;
  label: string;
  hint: string;
  value: string;
  listId: string;
  seen: string[];
}) {
  const id = `f-${props.name}`;
  return (
    <>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <input
        id={id}
        name={props.name}
        value={props.value}
        list={props.listId}
        aria-describedby={`${id}-hint`}
      />
      <datalist id={props.listId}>
        {props.seen.map((value) => (
          <option value={value} />
        ))}
      </datalist>
    </>
  );
}

export function AuditView({ entries, actorNames, filters, older, newest, linkTo }: AuditViewProps) {
  const seen = {
    entity_type: [...new Set(entries.map((e) => e.entityType))].sort(),
    actor: [...new Set(entries.map((e) => e.actor))].sort(),
  };
  return (
    <>
      <form method="get" action="/admin/audit" class="card" aria-labelledby="filter">
        <h2 id="filter">Filter</h2>
        {filterFields.map((field) => (
          <FilterField {...field} value={filters[field.name]} seen={seen[field.name]} />
        ))}
        <div class="buttons">
          <button type="submit">Filter</button>
          <a href="/admin/audit">Clear</a>
        </div>
      </form>
      <section class="card" aria-labelledby="entries">
        <h2 id="entries">Changes, newest first</h2>
        {entries.length === 0 ? (
          <p class="muted">
            Nothing recorded{filters.entity_type || filters.actor ? " for this filter" : ""}.
          </p>
        ) : (
          <ol class="timeline">
            {entries.map((e) => (
              <Entry entry={e} name={actorNames.get(e.actor)} linkTo={linkTo} />
            ))}
          </ol>
        )}
        <Pager
          links={[
            ...(newest ? [{ href: newest, label: "Newest entries" }] : []),
            ...(older ? [{ href: older, label: "Older entries" }] : []),
          ]}
        />
      </section>
    </>
  );
}
