import { eq } from "drizzle-orm";
import type { ComponentStatus } from "../../../db/schema/enums.ts";
import { dependencyIncidents } from "../../../db/schema/index.ts";
import type { DependencyLink } from "../incidents/dependency-links.ts";
import { recordedComponentStatuses } from "../incidents/incident-store.ts";
import { postUpdateInTx } from "../incidents/post-update.ts";
import type { PostUpdateInput } from "../incidents/schemas.ts";
import { type ComponentPlan, recordHolders } from "./component-plan.ts";
import { worsened } from "./dependency-severity.ts";
import { type MonitorContext, monitorActor, textsFor, translationsOf } from "./monitor-context.ts";

/**
 * The provider's state moved while its incident is open (worse, better but not recovered, or bad
 * again after a proposed recovery): one update on the same incident, never a second incident. A
 * draft only records the new proposal; a published incident shows it, and notifies under `publish`.
 */
export async function updateDependencyIncident(
  ctx: MonitorContext,
  link: DependencyLink,
  plan: ComponentPlan,
): Promise<void> {
  const { tx, at, change, dependency } = ctx;
  const incident = link.incident;
  const recorded = await recordedComponentStatuses(tx, incident.id);
  let components: Record<string, ComponentStatus>;
  if (incident.published) {
    components = plan.statuses;
  } else {
    // Components the draft proposed before and that the provider no longer hits go back to operational.
    components = {};
    for (const [id, status] of Object.entries(recorded))
      if (status !== "operational" && !(id in plan.proposal)) components[id] = "operational";
    Object.assign(components, plan.proposal);
  }
  const moved = Object.entries(components).some(([id, status]) => recorded[id] !== status);
  const news = moved || worsened(change.previous, change.next) || link.recoveredAt !== null;
  if (news) {
    const texts = await textsFor(ctx, plan);
    await postUpdateInTx(tx, at, monitorActor, "incident", incident.id, {
      status: incident.status as PostUpdateInput["status"],
      body: texts.base["update-body"],
      components,
      deliver_notifications: dependency.policy === "publish",
      body_translations: translationsOf(texts, "update-body"),
    });
  }
  if (link.recoveredAt) {
    await tx
      .update(dependencyIncidents)
      .set({ recoveredAt: null })
      .where(eq(dependencyIncidents.incidentId, incident.id));
    link.recoveredAt = null;
  }
  if (incident.published) await recordHolders(tx, plan, dependency.id, link);
}
