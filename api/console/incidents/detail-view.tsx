import type { IncidentView } from "../../domain/read/load-page.ts";
import { CsrfField, DraftBadge, ImpactBadge, StatusBadge, When } from "../kit/index.ts";
import type { DetailKind } from "./detail-page.tsx";
import { openingStatuses } from "./form.tsx";

const open = (view: IncidentView) => !["resolved", "postmortem"].includes(view.incident.status);

function Actions({ view, csrfToken }: { view: IncidentView; csrfToken: string }) {
  const base = `/admin/incidents/${view.incident.id}`;
  return (
    <div class="buttons">
      {!view.incident.published && (
        <form method="post" action={`${base}/publish`} class="inline">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="back" value="incident" />
          <button type="submit">Publish and notify subscribers</button>
        </form>
      )}
      {open(view) && <a href={`${base}/resolve`}>Resolve</a>}
      <a href={`${base}/edit`}>Edit name or impact</a>
      {!open(view) && <a href={`${base}/postmortem`}>Postmortem</a>}
    </div>
  );
}

/** An incident's page: its impact, when it started and ended, resolving it and its postmortem. */
export const incidentDetail: DetailKind = {
  section: "incidents",
  allLabel: "All incidents",
  aboutHeading: "Where it stands",
  badges: ({ view: { incident: i } }) => (
    <>
      <StatusBadge status={i.status} /> <ImpactBadge impact={i.impact} />{" "}
      <DraftBadge published={i.published} />
    </>
  ),
  summary: ({ view: { incident: i } }) => (
    <p class="muted">
      Started <When at={i.startedAt} />
      {i.resolvedAt && (
        <>
          {" "}
          · resolved <When at={i.resolvedAt} />
        </>
      )}
    </p>
  ),
  actions: ({ view, csrfToken }) => <Actions view={view} csrfToken={csrfToken} />,
  statuses: openingStatuses,
  componentsHint: "Set a new status for what this update changes; components left at No change keep theirs.",
  silentBecause: ({ view }) =>
    view.incident.published
      ? undefined
      : "A draft notifies nobody: subscribers hear of it when it is published.",
  quiet: ({ view }) =>
    view.incident.published
      ? "No message goes out for this update (Notify subscribers is unticked)."
      : "This incident is a draft: subscribers hear of it when it is published.",
  extra: ({ view: { incident: i } }) =>
    i.postmortemBody && (
      <section class="card" aria-labelledby="postmortem">
        <h2 id="postmortem">{i.postmortemPublishedAt ? "Postmortem" : "Postmortem (draft, not public)"}</h2>
        <p class="prose">{i.postmortemBody}</p>
      </section>
    ),
};
