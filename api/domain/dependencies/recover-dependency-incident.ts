import { eq } from "drizzle-orm";
import { dependencyIncidents } from "../../../db/schema/index.ts";
import { getComponent, setComponentStatus } from "../components/component-store.ts";
import type { DependencyLink } from "../incidents/dependency-links.ts";
import { postUpdateInTx } from "../incidents/post-update.ts";
import { planComponents, recordHolders } from "./component-plan.ts";
import { type MonitorContext, monitorActor, textsFor, translationsOf } from "./monitor-context.ts";

/**
 * The provider is operational again. Components the monitor set, and that still show what it set,
 * go back to what the other degraded providers ask (operational when none); an admin's change stays.
 * The incident gets a "resolved" update: posted at once under `publish`, silently on a draft nobody
 * saw, and otherwise proposed (`recovered_at`) for an admin to post.
 */
export async function recoverDependencyIncident(ctx: MonitorContext, link: DependencyLink): Promise<void> {
  const { tx, at, dependency } = ctx;
  const incident = link.incident;
  const plan = await planComponents(tx, {
    dependencyId: dependency.id,
    state: "operational",
    dependencyPublic: false,
    also: incident.published ? Object.keys(link.applied) : [],
  });
  const resolveNow = !incident.published || dependency.policy === "publish";
  if (resolveNow) {
    const texts = await textsFor(ctx, plan);
    await postUpdateInTx(tx, at, monitorActor, "incident", incident.id, {
      status: "resolved",
      body: texts.base["resolved-body"],
      components: plan.changes,
      deliver_notifications: incident.published,
      body_translations: translationsOf(texts, "resolved-body"),
    });
  } else {
    for (const [id, status] of Object.entries(plan.changes)) {
      await setComponentStatus(tx, at, await getComponent(tx, id, "component"), status, incident.id);
    }
  }
  if (incident.published) await recordHolders(tx, plan, dependency.id, link);
  await tx
    .update(dependencyIncidents)
    .set({ recoveredAt: at })
    .where(eq(dependencyIncidents.incidentId, incident.id));
}
