import type { Dashboard } from "../../domain/read/load-dashboard.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import type { DependencyState, Indicator } from "../../domain/types.ts";
import { CsrfField, When } from "../kit/index.ts";

const toneOfState: Record<DependencyState, string> = {
  operational: "good",
  under_maintenance: "info",
  degraded_performance: "warn",
  partial_outage: "bad",
  major_outage: "bad",
  unknown: "",
};
const toneOfIndicator: Record<Indicator, string> = {
  none: "good",
  minor: "warn",
  major: "bad",
  critical: "bad",
  maintenance: "info",
};

const words = (value: string) => value.replaceAll("_", " ");

export const StateBadge = ({ state }: { state: DependencyState }) => (
  <span class={`badge ${toneOfState[state]}`}>{words(state)}</span>
);

export function StatusCard({ status, degraded }: Pick<Dashboard, "status" | "degraded">) {
  return (
    <section class="card" aria-labelledby="overall">
      <h2 id="overall">Overall status</h2>
      <p class="big">
        <span class={`badge ${toneOfIndicator[status.indicator]}`}>{status.description}</span>
      </p>
      {degraded.length === 0 ? (
        <p class="muted">Every component is operational.</p>
      ) : (
        <ul class="plain">
          {degraded.map((c) => (
            <li>
              {c.name} <StateBadge state={c.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const latest = (view: IncidentView) => view.updates[0];

export function ActiveCard({ active }: Pick<Dashboard, "active">) {
  return (
    <section class="card" aria-labelledby="active">
      <h2 id="active">Active incidents</h2>
      {active.length === 0 ? (
        <p class="muted">No incident or maintenance under way.</p>
      ) : (
        <ul class="plain">
          {active.map((view) => (
            <li>
              <a
                href={`/admin/${view.incident.kind === "incident" ? "incidents" : "maintenances"}/${view.incident.id}`}
              >
                {view.incident.name}
              </a>{" "}
              <span class="badge">{words(view.incident.status)}</span>
              <br />
              <span class="muted">
                last update <When at={latest(view)?.displayAt ?? view.incident.updatedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DraftsCard({
  drafts,
  canPublish,
  csrfToken,
}: Pick<Dashboard, "drafts"> & { canPublish: boolean; csrfToken: string }) {
  return (
    <section class="card" aria-labelledby="drafts">
      <h2 id="drafts">Drafts awaiting approval</h2>
      {drafts.length === 0 ? (
        <p class="muted">No draft: the dependency monitor has not proposed any incident.</p>
      ) : (
        <ul class="plain">
          {drafts.map((view) => (
            <li>
              <strong>{view.incident.name}</strong>
              <br />
              <span class="muted">
                drafted <When at={view.incident.createdAt} />
              </span>
              {latest(view) && <p>{latest(view)!.body}</p>}
              {canPublish ? (
                <form method="post" action={`/admin/incidents/${view.incident.id}/publish`} class="inline">
                  <CsrfField token={csrfToken} />
                  <button type="submit">{`Publish "${view.incident.name}"`}</button>
                </form>
              ) : (
                <p class="hint">An editor or an owner can publish it.</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DependenciesCard({ dependencies }: Pick<Dashboard, "dependencies">) {
  return (
    <section class="card" aria-labelledby="deps">
      <h2 id="deps">Dependencies not operational</h2>
      {dependencies.length === 0 ? (
        <p class="muted">Every provider we watch reports operational.</p>
      ) : (
        <ul class="plain">
          {dependencies.map((d) => (
            <li>
              <a href={`/admin/dependencies/${d.id}`}>{d.name}</a> <StateBadge state={d.state} />
              <br />
              <span class="muted">
                since <When at={d.lastChangedAt} />
                {d.lastError && ` · ${d.lastError}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SiteCard({ site }: Pick<Dashboard, "site">) {
  const build = site.lastBuild;
  const tone = build?.status === "succeeded" ? "good" : build?.status === "failed" ? "bad" : "info";
  return (
    <section class="card" aria-labelledby="site">
      <h2 id="site">Last site build</h2>
      {!build ? (
        <p class="muted">The static page has not been built yet.</p>
      ) : (
        <>
          <p>
            <span class={`badge ${tone}`}>{build.status}</span> started <When at={build.startedAt} />
            {build.durationMs !== null && ` · ${(build.durationMs / 1000).toFixed(1)} s`}
          </p>
          {build.error && <p class="notice error">{build.error}</p>}
          {build.publishResults.map((r) => (
            <p class="muted">{`${r.target}: ${r.ok ? "published" : `failed (${r.error ?? "unknown error"})`}`}</p>
          ))}
          {build.status !== "succeeded" && site.lastSuccess && (
            <p class="muted">
              The page online is the build of <When at={site.lastSuccess.startedAt} />.
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function NotificationsCard({ pendingDeliveries }: Pick<Dashboard, "pendingDeliveries">) {
  return (
    <section class="card" aria-labelledby="notifications">
      <h2 id="notifications">Notifications in flight</h2>
      <p class="big">{pendingDeliveries}</p>
      <p class="muted">
        {pendingDeliveries === 1 ? "message" : "messages"} queued, not yet handed to a provider.{" "}
        <a href="/admin/notifications">Notification log</a>
      </p>
    </section>
  );
}
