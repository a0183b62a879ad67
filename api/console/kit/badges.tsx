import type { AnyIncidentStatus, ComponentStatus, Impact } from "../../domain/types.ts";
import { labels } from "./labels.ts";

type Status = ComponentStatus | AnyIncidentStatus;

const toneOfStatus: Record<Status, string> = {
  operational: "good",
  under_maintenance: "info",
  degraded_performance: "warn",
  partial_outage: "bad",
  major_outage: "bad",
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

const isIncidentStatus = (status: Status): status is AnyIncidentStatus => status in labels.incident_statuses;

/** A component's or an incident's status, coloured by how bad it is. */
export const StatusBadge = ({ status }: { status: Status }) => (
  <span class={`badge ${toneOfStatus[status]}`}>
    {isIncidentStatus(status) ? labels.incident_statuses[status] : status.replaceAll("_", " ")}
  </span>
);

const toneOfImpact: Record<Impact, string> = { none: "", minor: "warn", major: "bad", critical: "bad" };

export const ImpactBadge = ({ impact }: { impact: Impact | "maintenance" }) =>
  impact === "maintenance" ? null : (
    <span class={`badge ${toneOfImpact[impact]}`}>{`${labels.impacts[impact]} impact`}</span>
  );

export const DraftBadge = ({ published }: { published: boolean }) =>
  published ? null : <span class="badge warn">Draft: not public</span>;
