import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { DependencyDetail, ObservationRow } from "../../domain/dependencies/get-dependency.ts";
import type { UpstreamIncident } from "../../domain/types.ts";
import { StateBadge } from "../dashboard/cards.tsx";
import { CsrfField, Pager, Table, When } from "../kit/index.ts";

/** Only web links are followed: a feed could carry `javascript:` or `data:` URLs. */
export const safeHttpUrl = (url: string | undefined) => {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};

export function UpstreamIncidents({
  incidents,
  unknown = false,
}: {
  incidents: UpstreamIncident[];
  unknown?: boolean;
}) {
  if (incidents.length === 0)
    return (
      <p class="muted">
        {unknown
          ? "Not known: the provider's status could not be read or confirmed (see why above)."
          : "The provider reports no incident."}
      </p>
    );
  return (
    <ul class="plain">
      {incidents.map((i) => {
        const href = safeHttpUrl(i.url);
        return (
          <li>
            {href ? (
              <a href={href} rel="noopener noreferrer">
                {i.title}
              </a>
            ) : (
              i.title
            )}{" "}
            <StateBadge state={i.state} />
            {i.startedAt && <span class="muted">{` since ${i.startedAt}`}</span>}
          </li>
        );
      })}
    </ul>
  );
}

function History({ rows }: { rows: ObservationRow[] }) {
  if (rows.length === 0) return <p class="muted">No state change recorded yet.</p>;
  return (
    <Table label="State changes" columns={["When", "Change", "Detail"]}>
      {rows.map((o) => (
        <tr>
          <td>
            <When at={o.observedAt} />
          </td>
          <td>
            <StateBadge state={o.previousState} /> → <StateBadge state={o.state} />
          </td>
          <td>{o.error ?? `${o.upstreamIncidents.length} upstream incident(s)`}</td>
        </tr>
      ))}
    </Table>
  );
}

type DependencyRowView = DependencyDetail["dependency"];

/** Why a dependency is unknown, in words an admin can act on. */
export function unknownReason(d: DependencyRowView): string {
  if (d.lastError) return d.lastError;
  if (!d.lastCheckedAt) return "it has not been checked yet";
  if (d.candidateState)
    return `its first reading (${d.candidateState.replaceAll("_", " ")}) awaits confirmation by the next check`;
  return "no reading has been confirmed yet";
}

/** Since when the state holds; an unknown that was never anything else is unknown since creation. */
function StateSince({ dependency: d }: { dependency: DependencyRowView }) {
  const since = d.lastChangedAt ?? (d.state === "unknown" ? d.createdAt : null);
  return (
    <>
      <li>
        {d.state === "unknown" ? "Unknown since: " : "State since: "}
        <When at={since} />
        {d.lastChangedAt === null && d.state === "unknown" && " (when it was added)"} · next check:{" "}
        <When at={d.nextCheckAt} />
      </li>
      {d.state === "unknown" && <li>{`Why unknown: ${unknownReason(d)}`}</li>}
    </>
  );
}

export interface DependencyDetailProps {
  detail: DependencyDetail;
  components: ComponentRow[];
  canEdit: boolean;
  csrfToken: string;
}

export function DependencyDetailPage({ detail, components, canEdit, csrfToken }: DependencyDetailProps) {
  const d = detail.dependency;
  const names = new Map(components.map((c) => [c.id, c.name]));
  return (
    <>
      <section class="card" aria-labelledby="now">
        <h2 id="now">Now</h2>
        <p class="big">
          <StateBadge state={d.state} />
          {!d.enabled && <span class="badge">paused</span>}
        </p>
        <ul class="plain">
          <li>
            Last check: <When at={d.lastCheckedAt} />
            {d.consecutiveFailures > 0 && ` (${d.consecutiveFailures} failed in a row)`}
          </li>
          <li>{d.lastError ? `Last error: ${d.lastError}` : "Last error: none"}</li>
          <StateSince dependency={d} />
          <li>{`Checked every ${d.pollIntervalSeconds} s; incidents it opens: ${d.policy === "publish" ? "published at once" : "drafts for an editor"}`}</li>
        </ul>
        {canEdit && (
          <div class="buttons">
            <form method="post" action={`/admin/dependencies/${d.id}/check`} class="inline">
              <CsrfField token={csrfToken} />
              <button type="submit">Check now</button>
            </form>
            <a href={`/admin/dependencies/${d.id}/edit`}>{`Edit ${d.name}`}</a>
            <a href={`/admin/dependencies/${d.id}/delete`}>{`Delete ${d.name}`}</a>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="upstream">
        <h2 id="upstream">Upstream incidents</h2>
        <UpstreamIncidents incidents={d.upstreamIncidents} unknown={d.state === "unknown"} />
      </section>
      <section class="card" aria-labelledby="impacts">
        <h2 id="impacts">Impacts on our components</h2>
        {detail.impacts.length === 0 ? (
          <p class="muted">None: its state changes nothing on the page.</p>
        ) : (
          <ul class="plain">
            {detail.impacts.map((i) => (
              <li>
                {`${names.get(i.componentId) ?? i.componentId}: ${i.setStatus.replaceAll("_", " ")} from ${i.onState.replaceAll("_", " ")} (${i.criticality}${i.alternativeGroup ? `, alternative group ${i.alternativeGroup}` : ""})`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="source">
        <h2 id="source">Source</h2>
        <pre class="message">{JSON.stringify(d.source, null, 2)}</pre>
      </section>
      <section class="card" aria-labelledby="history">
        <h2 id="history">History</h2>
        <History rows={detail.history} />
        <Pager
          links={
            detail.historyCursor
              ? [
                  {
                    href: `/admin/dependencies/${d.id}?before=${detail.historyCursor}`,
                    label: "Older changes",
                  },
                ]
              : []
          }
        />
      </section>
    </>
  );
}

export function DeleteDependency({ id, name, csrfToken }: { id: string; name: string; csrfToken: string }) {
  return (
    <form method="post" action={`/admin/dependencies/${id}/delete`} class="card">
      <CsrfField token={csrfToken} />
      <p>{`${name} stops being watched; its impacts and history go. Incidents it opened stay.`}</p>
      <p>This cannot be undone.</p>
      <div class="actions">
        <button type="submit" class="danger">{`Delete ${name}`}</button>{" "}
        <a href={`/admin/dependencies/${id}`}>Keep it</a>
      </div>
    </form>
  );
}
