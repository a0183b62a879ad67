import type { SubscriberRow } from "../../domain/subscribers/subscriber-store.ts";
import type { ChatMessageInput } from "../channels/chat/chat-message.ts";
import type { DeliveryRow } from "../claim-deliveries.ts";
import type { EndpointPage } from "./endpoint-page.ts";

export type ComposedChat = { message: ChatMessageInput } | { failed: string };

/**
 * What a chat message says about one incident update, in the subscriber's language where the admin
 * wrote a translation: the update this delivery is about (the latest one for a maintenance reminder),
 * the components it changed, and the incident's page.
 */
export async function chatMessageInput(
  page: EndpointPage,
  d: DeliveryRow,
  person: SubscriberRow,
): Promise<ComposedChat> {
  if (
    !d.incidentId ||
    d.kind === "confirmation" ||
    d.kind === "dependency-alert" ||
    d.kind === "component-updated"
  )
    return { failed: `a ${d.kind} message is not sent to chat channels` };
  const kind = d.kind.startsWith("maintenance") ? "maintenance" : "incident";
  const found = await page.incident(kind, d.incidentId);
  if (!found) return { failed: "the incident was deleted" };
  const { incident, updates, nameTranslations, componentIds } = found.view;
  const locale = person.locale;
  const update = updates.find((u) => u.id === d.updateId) ?? updates[0];
  const rows = new Map(page.data.components.map((c) => [c.id, c]));
  // An update that changed no status still concerns the incident's components, as they stand now.
  const affected = update?.affected.length
    ? update.affected.map((a) => ({ id: a.componentId, status: a.newStatus }))
    : componentIds.map((id) => ({ id, status: rows.get(id)?.status ?? "operational" }));
  const message: ChatMessageInput = {
    pageName: page.ctx.settings.name,
    incidentName: nameTranslations[locale] ?? incident.name,
    status: update?.status ?? incident.status,
    impact: incident.kind === "maintenance" ? "maintenance" : incident.impact,
    body: update ? (update.translations[locale] ?? update.body) : "",
    components: affected
      .filter((a) => rows.has(a.id))
      .map((a) => ({ name: rows.get(a.id)!.name, status: a.status })),
    url: `${page.base}/${kind === "incident" ? "incidents" : "maintenances"}/${incident.id}/`,
    locale,
  };
  return { message };
}
