import type { Locale } from "../../../db/schema/enums.ts";
import { dependencyIncidents, incidents, incidentTranslations } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { newId } from "../ids.ts";
import {
  type IncidentRow,
  insertUpdate,
  newIncidentRow,
  refreshIncident,
} from "../incidents/incident-store.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type ComponentPlan, recordHolders } from "./component-plan.ts";
import { type MonitorContext, monitorActor, textsFor, translationsOf } from "./monitor-context.ts";

/**
 * Opens the one incident of a dependency outage. Under the `draft` policy it is unpublished and
 * changes nothing public: it records the proposed component statuses, applied when an admin publishes
 * it. Under `publish` it is public at once, sets the statuses and notifies the components' subscribers.
 */
export async function openDependencyIncident(ctx: MonitorContext, plan: ComponentPlan): Promise<IncidentRow> {
  const { tx, at, dependency } = ctx;
  const published = dependency.policy === "publish";
  const texts = await textsFor(ctx, plan);
  const status = "identified" as const;
  const incident = newIncidentRow(at, {
    id: newId("incident"),
    kind: "incident",
    name: texts.base["incident-title"],
    status,
    impact: "none",
    published,
  });
  await tx.insert(incidents).values(incident);
  for (const [locale, name] of Object.entries(translationsOf(texts, "incident-title"))) {
    await tx.insert(incidentTranslations).values({ incidentId: incident.id, locale: locale as Locale, name });
  }
  const components = published
    ? Object.fromEntries(Object.keys(plan.proposal).map((id) => [id, plan.statuses[id]!]))
    : plan.proposal;
  const updateId = await insertUpdate(tx, at, incident, {
    status,
    body: texts.base["incident-body"],
    components,
    deliverNotifications: published,
    displayAt: at,
    bodyTranslations: translationsOf(texts, "incident-body"),
    applyToComponents: published,
  });
  await refreshIncident(tx, at, incident, status);
  const link = {
    incidentId: incident.id,
    dependencyId: dependency.id,
    applied: {},
    recoveredAt: null,
    incident,
  };
  await tx
    .insert(dependencyIncidents)
    .values({ incidentId: incident.id, dependencyId: dependency.id, createdAt: at });
  if (published) {
    await recordHolders(tx, plan, dependency.id, link);
    await appendEvent(tx, at, "incident.created", {
      incident_id: incident.id,
      update_id: updateId,
      status,
      deliver_notifications: true,
      dependency_id: dependency.id,
    });
  }
  await recordAudit(tx, at, monitorActor, {
    action: "incident.create",
    entityType: "incident",
    entityId: incident.id,
    after: { ...incident, body: texts.base["incident-body"], components, dependency_id: dependency.id },
  });
  return incident;
}
