import { asc, count, eq, ne } from "drizzle-orm";
import type { DependencyState } from "../../../db/schema/enums.ts";
import { deliveries, dependencies } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { type BackupState, backupState } from "../backup/backup-runs.ts";
import type { ComponentRow } from "../components/component-store.ts";
import { type SiteState, siteState } from "../site/site-builds.ts";
import { type PageStatus, pageStatus } from "../status-rules.ts";
import type { Ctx } from "../verb.ts";
import { type IncidentView, listIncidents } from "./load-page.ts";
import { loadPublicData } from "./public-documents.ts";

export interface DependencyAlert {
  id: string;
  name: string;
  state: DependencyState;
  lastChangedAt: Date | null;
  lastError: string | null;
}

/** What an on-call admin wants to see first when opening the console. */
export interface Dashboard {
  status: PageStatus;
  /** Leaf components that are not operational. */
  degraded: ComponentRow[];
  /** Published incidents not yet resolved, and maintenances under way. */
  active: IncidentView[];
  /** Incidents the dependency monitor drafted, waiting for someone to publish them. */
  drafts: IncidentView[];
  dependencies: DependencyAlert[];
  site: SiteState;
  backups: BackupState;
  /** Messages queued and not yet handed to a provider. */
  pendingDeliveries: number;
}

const maxListed = 50;

export async function loadDashboard({ ctx: { deps, actor } }: { ctx: Ctx }): Promise<Dashboard> {
  authorize(actor, "viewer");
  const [summary, drafts, dependencyRows, site, [pending], backups] = await Promise.all([
    loadPublicData(deps, "summary"),
    listIncidents(deps, {
      kind: "incident",
      published: false,
      statuses: ["investigating", "identified", "monitoring"],
      limit: maxListed,
    }),
    deps.read((db) =>
      db
        .select({
          id: dependencies.id,
          name: dependencies.name,
          state: dependencies.state,
          lastChangedAt: dependencies.lastChangedAt,
          lastError: dependencies.lastError,
        })
        .from(dependencies)
        .where(ne(dependencies.state, "operational"))
        .orderBy(asc(dependencies.name))
        .limit(maxListed),
    ),
    siteState(deps),
    deps.read((db) => db.select({ n: count() }).from(deliveries).where(eq(deliveries.state, "pending"))),
    backupState(deps, 1),
  ]);
  const leaves = summary.components.filter((c) => !c.isGroup);
  const status = pageStatus({
    componentStatuses: leaves.map((c) => c.status),
    unresolvedIncidentImpacts: summary.incidents.map((i) =>
      i.incident.impact === "maintenance" ? "none" : i.incident.impact,
    ),
    maintenanceInProgress: summary.maintenanceInProgress,
  });
  const underWay = summary.maintenances.filter((m) => m.incident.status !== "scheduled");
  return {
    status,
    degraded: leaves.filter((c) => c.status !== "operational"),
    active: [...summary.incidents, ...underWay],
    drafts,
    dependencies: dependencyRows,
    site,
    backups,
    pendingDeliveries: pending?.n ?? 0,
  };
}
