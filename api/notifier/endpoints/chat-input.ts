import type { DeliveryRow } from "../../domain/deliveries/claim-deliveries.ts";
import type { SubscriberRow } from "../../domain/subscribers/subscriber-store.ts";
import type { ChatMessageInput } from "../channels/chat/chat-message.ts";
import { incidentUrl, updateNews } from "../incident-news.ts";
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
  const { incident } = found.view;
  const locale = person.locale;
  const news = updateNews(
    found.view,
    d.updateId,
    locale,
    new Map(page.data.components.map((c) => [c.id, c])),
  );
  const message: ChatMessageInput = {
    pageName: page.ctx.settings.name,
    incidentName: news.name,
    status: news.update?.status ?? incident.status,
    impact: incident.kind === "maintenance" ? "maintenance" : incident.impact,
    body: news.body,
    components: news.components,
    url: incidentUrl(page.base, kind, incident.id),
    locale,
  };
  return { message };
}
