import { and, eq, max, notLike, or } from "drizzle-orm";
import type { AnyIncidentStatus } from "../../../db/schema/enums.ts";
import { outboxEvents } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import { type IncidentView, listIncidents, loadPage, type PageData } from "./load-page.ts";

/** What each public document needs from the database, gathered in as few queries as it takes. */
export const publicDocumentKinds = [
  "summary",
  "status",
  "components",
  "incidents",
  "incidents-unresolved",
  "maintenances",
  "maintenances-upcoming",
  "maintenances-active",
] as const;
export type PublicDocumentKind = (typeof publicDocumentKinds)[number];

export interface PublicData extends PageData {
  incidents: IncidentView[];
  maintenances: IncidentView[];
  /** Whether a maintenance is running (counts towards the page indicator; set for summary and status). */
  maintenanceInProgress: boolean;
  /** When anything on the page last changed (the newest page event in the outbox), whatever the document. */
  lastChangeAt: Date | null;
}

const unresolved: AnyIncidentStatus[] = ["investigating", "identified", "monitoring"];
const active: AnyIncidentStatus[] = ["in_progress", "verifying"];
const limit = 50;

export async function loadPublicData(deps: Deps, kind: PublicDocumentKind): Promise<PublicData> {
  const page = await loadPage(deps);
  const needsIncidents = kind === "summary" || kind === "status" || kind.startsWith("incidents");
  const needsMaintenances = kind === "summary" || kind === "status" || kind.startsWith("maintenances");
  const incidentStatuses = kind === "incidents" ? undefined : unresolved;
  const maintenanceStatuses =
    kind === "maintenances"
      ? undefined
      : kind === "maintenances-upcoming"
        ? (["scheduled"] as AnyIncidentStatus[])
        : kind === "maintenances-active"
          ? active
          : [...active, "scheduled" as const];
  const [incidents, maintenances, [last]] = await Promise.all([
    needsIncidents ? listIncidents(deps, { kind: "incident", statuses: incidentStatuses, limit }) : [],
    needsMaintenances
      ? listIncidents(deps, {
          kind: "maintenance",
          statuses: maintenanceStatuses,
          limit,
          order: kind === "maintenances" ? "scheduled" : "scheduled-asc",
        })
      : [],
    deps.read((db) =>
      db
        .select({ at: max(outboxEvents.createdAt) })
        .from(outboxEvents)
        // Tokens, provider alerts and backups are admin business: they must not move the page's
        // updated_at. A change to what the page shows of a provider (its section, the provider line
        // of a card) does: an open page reads the cards document again when the summary changes.
        .where(
          and(
            notLike(outboxEvents.type, "token.%"),
            or(notLike(outboxEvents.type, "dependency.%"), eq(outboxEvents.type, "dependency.page_changed")),
            notLike(outboxEvents.type, "backup.%"),
          ),
        ),
    ),
  ]);
  const maintenanceInProgress = maintenances.some((m) => active.includes(m.incident.status));
  return { ...page, incidents, maintenances, maintenanceInProgress, lastChangeAt: last?.at ?? null };
}
