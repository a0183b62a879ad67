import type { IncidentView } from "../../domain/read/load-page.ts";
import { DraftBadge, ImpactBadge, StatusBadge, When } from "../kit/index.ts";

const pathOf = (view: IncidentView) =>
  `/admin/${view.incident.kind === "incident" ? "incidents" : "maintenances"}/${view.incident.id}`;

/** Incidents or maintenances as a table; on a phone it scrolls inside its card, not the page. */
export function IncidentTable(props: {
  views: IncidentView[];
  caption: string;
  empty: string;
  /** Maintenance windows are shown on the page's clocks. */
  timeZone?: string;
}) {
  const { views, caption, empty, timeZone = "Etc/UTC" } = props;
  if (views.length === 0) return <p class="muted">{empty}</p>;
  const maintenance = views[0]!.incident.kind === "maintenance";
  return (
    <div class="table-wrap">
      <table>
        <caption class="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">{maintenance ? "Window" : "Last update"}</th>
          </tr>
        </thead>
        <tbody>
          {views.map((view) => (
            <tr>
              <td>
                <a href={pathOf(view)}>{view.incident.name}</a>{" "}
                <DraftBadge published={view.incident.published} />
              </td>
              <td>
                <StatusBadge status={view.incident.status} /> <ImpactBadge impact={view.incident.impact} />
              </td>
              <td>
                {maintenance ? (
                  <>
                    <When at={view.incident.scheduledFor} timeZone={timeZone} none="not set" /> to{" "}
                    <When at={view.incident.scheduledUntil} timeZone={timeZone} none="not set" />
                  </>
                ) : (
                  <When at={view.updates[0]?.displayAt ?? view.incident.updatedAt} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
