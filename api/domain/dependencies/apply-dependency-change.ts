import { eq } from "drizzle-orm";
import { dependencies } from "../../../db/schema/index.ts";
import type { Deps, Tx } from "../context.ts";
import { openLinkOf } from "../incidents/dependency-links.ts";
import { recordedComponentStatuses } from "../incidents/incident-store.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { ensureSettings } from "../settings/get-settings.ts";
import { planComponents } from "./component-plan.ts";
import type { DependencyChange } from "./dependency-change.ts";
import { acts } from "./dependency-severity.ts";
import type { MonitorContext } from "./monitor-context.ts";
import { openDependencyIncident } from "./open-dependency-incident.ts";
import { recoverDependencyIncident } from "./recover-dependency-incident.ts";
import { updateDependencyIncident } from "./update-dependency-incident.ts";

/**
 * Turns a confirmed change into our side of it: component statuses, a draft (or published) incident,
 * on-call alerts, a proposed resolution on recovery. Runs inside the transaction that records the change.
 *
 * Only degraded performance, partial and major outages act on components and open an incident.
 * `unknown` (the feed cannot be read) and `under_maintenance` are alerted to on-call only, and leave
 * an open incident as it is: neither says the provider recovered.
 */
export async function applyDependencyChange(tx: Tx, deps: Deps, change: DependencyChange): Promise<void> {
  if (change.previous === change.next) return;
  const [dependency] = await tx.select().from(dependencies).where(eq(dependencies.id, change.dependencyId));
  if (!dependency) return;
  const at = change.at;
  const ctx: MonitorContext = { tx, at, dependency, change, settings: await ensureSettings(tx, at) };
  let link = await openLinkOf(tx, dependency.id);
  let componentIds: string[] = [];
  if (acts(change.next)) {
    const published = link ? link.incident.published : dependency.policy === "publish";
    const plan = await planComponents(tx, {
      dependencyId: dependency.id,
      state: change.next,
      dependencyPublic: published,
      also: link ? Object.keys(link.applied) : [],
    });
    componentIds = Object.keys(plan.proposal);
    if (link) await updateDependencyIncident(ctx, link, plan);
    else if (componentIds.length) {
      const incident = await openDependencyIncident(ctx, plan);
      link = {
        incidentId: incident.id,
        dependencyId: dependency.id,
        applied: {},
        recoveredAt: null,
        incident,
      };
    }
  } else if (change.next === "operational" && link) {
    componentIds = Object.keys(await recordedComponentStatuses(tx, link.incidentId));
    await recoverDependencyIncident(ctx, link);
  }
  deps.logger.debug("dependency change applied", {
    dependency: dependency.id,
    state: change.next,
    incident: link?.incidentId ?? null,
  });
  // A first reading, or a feed readable again with nothing open, is no news for on-call; the public
  // page still shows the new state of a dependency it lists (any alert below rebuilds it too).
  if (change.previous === "unknown" && change.next === "operational" && !link) {
    if (dependency.shownOnPage)
      await appendEvent(tx, at, "dependency.page_changed", { dependency_id: dependency.id });
    return;
  }
  await appendEvent(tx, at, "dependency.alert", {
    dependency_id: dependency.id,
    dependency_name: dependency.name,
    previous_state: change.previous,
    state: change.next,
    policy: dependency.policy,
    component_ids: componentIds,
    incident_id: link?.incidentId ?? null,
    incident_published: link?.incident.published ?? false,
    upstream_incidents: change.upstreamIncidents.map((u) => ({ title: u.title, url: u.url ?? null })),
  });
}
