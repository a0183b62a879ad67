import type { IncidentView } from "../../domain/read/load-page.ts";
import { maintenanceStatuses } from "../../domain/types.ts";
import type { DetailKind } from "../incidents/detail-page.tsx";
import { CsrfField, DraftBadge, labels, StatusBadge, When } from "../kit/index.ts";

const statusOptions = maintenanceStatuses.map((s) => ({ value: s, label: labels.incident_statuses[s] }));

function Plan({ view, timeZone }: { view: IncidentView; timeZone: string }) {
  const m = view.incident;
  return (
    <ul class="plain">
      <li>
        From <When at={m.scheduledFor} timeZone={timeZone} none="not set" /> to{" "}
        <When at={m.scheduledUntil} timeZone={timeZone} none="not set" />
      </li>
      <li>
        {m.autoStart
          ? "Starts by itself at the start time."
          : "Started by hand (post an In progress update)."}
      </li>
      <li>{m.autoComplete ? "Completes by itself at the end time." : "Completed by hand."}</li>
      <li>
        {m.remindPriorMinutes === null
          ? "No reminder."
          : `Subscribers are reminded ${m.remindPriorMinutes} minutes before${m.remindedAt ? " (sent)" : ""}.`}
      </li>
    </ul>
  );
}

/** A maintenance's page: its plan, changing it and completing it by hand. */
export const maintenanceDetail: DetailKind = {
  section: "maintenances",
  allLabel: "All maintenances",
  aboutHeading: "The plan",
  badges: ({ view: { incident: m } }) => (
    <>
      <StatusBadge status={m.status} /> <DraftBadge published={m.published} />
    </>
  ),
  summary: ({ view, timeZone }) => <Plan view={view} timeZone={timeZone} />,
  actions: ({ view: { incident: m }, csrfToken }) => (
    <div class="buttons">
      <a href={`/admin/maintenances/${m.id}/edit`}>Change the plan</a>
      {m.status !== "completed" && (
        <form method="post" action={`/admin/maintenances/${m.id}/complete`} class="inline">
          <CsrfField token={csrfToken} />
          <button type="submit" class="secondary">
            Complete now
          </button>
        </form>
      )}
    </div>
  ),
  statuses: statusOptions,
  componentsHint:
    "Set a status for what this update changes. Left at No change: In progress puts the maintenance's components under maintenance, Completed sets them back to operational, other updates change nothing.",
  quiet: () =>
    "No message goes out for this update: subscribers hear when a maintenance is scheduled, starts and completes, if Notify subscribers is ticked.",
};
