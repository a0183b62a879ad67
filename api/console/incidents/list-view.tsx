import type { IncidentView } from "../../domain/read/load-page.ts";
import type { AnyIncidentStatus, Impact } from "../../domain/types.ts";
import { When } from "../kit/kit.tsx";
import { ZonedTime } from "../kit/local-time.tsx";
import { labels } from "./form-parts.tsx";

const toneOfStatus: Record<AnyIncidentStatus, string> = {
  investigating: "bad",
  identified: "warn",
  monitoring: "info",
  resolved: "good",
  postmortem: "good",
  scheduled: "info",
  in_progress: "warn",
  verifying: "info",
  completed: "good",
};
const toneOfImpact: Record<Impact, string> = { none: "", minor: "warn", major: "bad", critical: "bad" };

export const StatusBadge = ({ status }: { status: AnyIncidentStatus }) => (
  <span class={`badge ${toneOfStatus[status]}`}>{labels.incident_statuses[status]}</span>
);

export const ImpactBadge = ({ impact }: { impact: Impact | "maintenance" }) =>
  impact === "maintenance" ? null : (
    <span class={`badge ${toneOfImpact[impact]}`}>{`${labels.impacts[impact]} impact`}</span>
  );

export const DraftBadge = ({ published }: { published: boolean }) =>
  published ? null : <span class="badge warn">Draft: not public</span>;

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
                    <ZonedTime at={view.incident.scheduledFor} timeZone={timeZone} /> to{" "}
                    <ZonedTime at={view.incident.scheduledUntil} timeZone={timeZone} />
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

/** Newer / older links for a long list; `page` starts at 1. */
export function Pager(props: { base: string; page: number; hasMore: boolean; label: string }) {
  if (props.page === 1 && !props.hasMore) return null;
  return (
    <nav aria-label={props.label} class="buttons">
      {props.page > 1 && (
        <a href={`${props.base}?page=${props.page - 1}`} rel="prev">
          Newer
        </a>
      )}
      <span class="muted">{`Page ${props.page}`}</span>
      {props.hasMore && (
        <a href={`${props.base}?page=${props.page + 1}`} rel="next">
          Older
        </a>
      )}
    </nav>
  );
}

/** `?page=` as a page number from 1 to 1000; anything else is page 1. */
export function pageNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
}
