import { and, asc, eq, sql } from "drizzle-orm";
import type { ComponentStatus, Locale } from "../../../db/schema/enums.ts";
import {
  incidentComponents,
  incidents,
  incidentUpdateComponents,
  incidentUpdates,
  incidentUpdateTranslations,
} from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { getAffectedComponents, setComponentStatus } from "../components/component-store.ts";
import type { Tx } from "../context.ts";
import { DomainError } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { worstStatus } from "../status-rules.ts";
import { type Call, parseInput } from "../verb.ts";
import { recordPublishedStatuses } from "./dependency-links.ts";
import {
  closedStatuses,
  getIncident,
  type IncidentRow,
  recordedComponentStatuses,
  refreshIncident,
} from "./incident-store.ts";
import { publishIncidentByIdInput } from "./schemas.ts";
import { saveNameTranslations } from "./update-incident.ts";

/**
 * Publishes a draft (the dependency monitor writes them), possibly edited first. Its component
 * statuses apply now, and it is announced as if just created: the public page shows it and, unless
 * told otherwise, the subscribers of its components are notified with its latest update.
 */
export async function publishIncident(call: Call<typeof publishIncidentByIdInput>): Promise<IncidentRow> {
  const { id, ...input } = parseInput(publishIncidentByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const incident = await getIncident(tx, id, "incident");
    if (incident.published)
      throw new DomainError("conflict", `Incident ${id} is already published; post an update to change it.`);
    const open = !closedStatuses.includes(incident.status);
    if (input.components && !open)
      throw new DomainError(
        "invalid_input",
        `components: incident ${id} is already ${incident.status}, so component statuses no longer apply; publish it without components.`,
      );
    const before = { ...incident };
    const updates = await tx
      .select()
      .from(incidentUpdates)
      .where(eq(incidentUpdates.incidentId, id))
      .orderBy(
        asc(incidentUpdates.displayAt),
        asc(incidentUpdates.createdAt),
        sql`"incident_updates"."rowid"`,
      );
    const first = updates[0];
    const latest = updates.at(-1);
    if (!first || !latest)
      throw new DomainError("invalid_transition", `Incident ${id} has no update to publish.`);
    if (input.body !== undefined)
      await tx
        .update(incidentUpdates)
        .set({ body: input.body, updatedAt: at })
        .where(eq(incidentUpdates.id, first.id));
    await replaceBodyTranslations(tx, first.id, input.body_translations);
    await saveNameTranslations(tx, id, input.name_translations);
    const statuses = open ? (input.components ?? (await proposedStatuses(tx, id))) : {};
    const applied = await applyStatuses(tx, at, incident, latest.id, statuses);
    const deliverNotifications = input.deliver_notifications ?? true;
    await tx.update(incidentUpdates).set({ deliverNotifications }).where(eq(incidentUpdates.id, latest.id));
    const changes: Partial<IncidentRow> = {
      published: true,
      ...(input.name !== undefined && { name: input.name }),
    };
    await tx.update(incidents).set(changes).where(eq(incidents.id, id));
    Object.assign(incident, changes);
    await refreshIncident(tx, at, incident, incident.status);
    await recordPublishedStatuses(tx, id, applied);
    await appendEvent(tx, at, "incident.created", {
      incident_id: id,
      update_id: latest.id,
      status: incident.status,
      deliver_notifications: deliverNotifications,
      published_draft: true,
    });
    await recordAudit(tx, at, actor, {
      action: "incident.publish",
      entityType: "incident",
      entityId: id,
      before,
      after: { ...incident, components: statuses },
    });
    return incident;
  });
}

/** What the draft proposes, never lowering a component that is already worse (an admin's status). */
async function proposedStatuses(tx: Tx, id: string): Promise<Record<string, ComponentStatus>> {
  const proposed = await recordedComponentStatuses(tx, id);
  const found = await getAffectedComponents(tx, Object.keys(proposed));
  const out: Record<string, ComponentStatus> = {};
  for (const [componentId, status] of Object.entries(proposed))
    if (status !== "operational") out[componentId] = worstStatus([status, found.get(componentId)!.status]);
  return out;
}

/** Sets the statuses and records them on the update being announced; returns those that changed. */
async function applyStatuses(
  tx: Tx,
  at: Date,
  incident: IncidentRow,
  updateId: string,
  statuses: Record<string, ComponentStatus>,
): Promise<Record<string, ComponentStatus>> {
  const found = await getAffectedComponents(tx, Object.keys(statuses));
  const changed: Record<string, ComponentStatus> = {};
  for (const [componentId, newStatus] of Object.entries(statuses)) {
    const oldStatus = await setComponentStatus(tx, at, found.get(componentId)!, newStatus, incident.id);
    if (oldStatus !== newStatus) changed[componentId] = newStatus;
    await tx
      .delete(incidentUpdateComponents)
      .where(
        and(
          eq(incidentUpdateComponents.updateId, updateId),
          eq(incidentUpdateComponents.componentId, componentId),
        ),
      );
    await tx.insert(incidentUpdateComponents).values({ updateId, componentId, oldStatus, newStatus });
    await tx
      .insert(incidentComponents)
      .values({ incidentId: incident.id, componentId })
      .onConflictDoNothing();
  }
  return changed;
}

async function replaceBodyTranslations(
  tx: Tx,
  updateId: string,
  translations: Partial<Record<Locale, string>> | undefined,
): Promise<void> {
  for (const [locale, body] of Object.entries(translations ?? {})) {
    await tx
      .insert(incidentUpdateTranslations)
      .values({ updateId, locale: locale as Locale, body })
      .onConflictDoUpdate({
        target: [incidentUpdateTranslations.updateId, incidentUpdateTranslations.locale],
        set: { body },
      });
  }
}
