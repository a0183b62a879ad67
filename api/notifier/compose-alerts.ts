import { inArray } from "drizzle-orm";
import { components, oncallContacts, outboxEvents } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import type { DeliveryRow } from "../domain/deliveries/claim-deliveries.ts";
import { type OutboxEventMap, readEvent } from "../domain/outbox/events.ts";
import type { DeliveryResult, OutgoingEmail } from "./channels/email-channel.ts";

type BudgetPayload = OutboxEventMap["sms.budget_reached"];
type BackupFailedPayload = OutboxEventMap["backup.failed"];

/** Said once per window, when the first code is refused: someone may be pumping SMS through the page. */
function budgetAlert(deliveryId: string, to: string, alert: BudgetPayload, base: string): OutgoingEmail {
  const lines = [
    `The status page has sent its ${alert.budget} confirmation-code SMS for this ${alert.window}; more requests are refused until ${alert.resets_at}.`,
    "Many codes asked for at once can be SMS pumping (fraudulent traffic to premium-rate numbers) rather than readers subscribing.",
    `Check the recent SMS subscriptions, and change sms_budget_per_hour, sms_budget_per_day or sms_countries with PATCH ${base}/api/admin/settings if the traffic is genuine.`,
  ];
  return {
    deliveryId,
    to,
    subject: `[Vigie] SMS budget reached (${alert.budget} per ${alert.window})`,
    text: `${lines.join("\n\n")}\n`,
    html: `<!doctype html><html><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}</body></html>`,
    headers: {},
  };
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const words = (state: string) => state.replaceAll("_", " ");

/**
 * The on-call alert for a dependency change: plain and short, for whoever is on duty (English: it
 * goes to the team, not to customers). Upstream titles are someone else's text: escaped in the HTML.
 */
export async function composeAlerts(
  deps: Deps,
  batch: DeliveryRow[],
  publicUrl: string,
): Promise<{ emails: OutgoingEmail[]; skipped: DeliveryResult[] }> {
  const [contacts, events, names] = await deps.read((db) =>
    Promise.all([
      db
        .select()
        .from(oncallContacts)
        .where(
          inArray(
            oncallContacts.id,
            batch.map((d) => d.subscriberId),
          ),
        ),
      db
        .select()
        .from(outboxEvents)
        .where(
          inArray(
            outboxEvents.id,
            batch.map((d) => d.cause),
          ),
        ),
      db.select({ id: components.id, name: components.name }).from(components),
    ]),
  );
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const eventById = new Map(events.map((e) => [e.id, readEvent(e)]));
  const componentName = new Map(names.map((c) => [c.id, c.name]));
  const base = publicUrl.replace(/\/+$/, "");
  const emails: OutgoingEmail[] = [];
  const skipped: DeliveryResult[] = [];
  for (const d of batch) {
    const contact = contactById.get(d.subscriberId);
    const event = eventById.get(d.cause);
    if (!contact || !event) {
      skipped.push({ deliveryId: d.id, outcome: "failed", reason: "the on-call contact was removed" });
      continue;
    }
    if (event.type === "sms.budget_reached") {
      emails.push(budgetAlert(d.id, contact.email, event.payload, base));
      continue;
    }
    if (event.type === "backup.failed") {
      emails.push(backupEmail(d.id, contact.email, event.payload, base));
      continue;
    }
    if (event.type !== "dependency.alert") {
      skipped.push({
        deliveryId: d.id,
        outcome: "failed",
        reason: `event ${d.cause} is not an on-call alert`,
      });
      continue;
    }
    const alert = event.payload;
    const affected = alert.component_ids.map((id) => componentName.get(id) ?? id);
    const incident = alert.incident_id
      ? alert.incident_published
        ? `Published incident: ${base}/incidents/${alert.incident_id}/`
        : `Draft incident awaiting approval: POST ${base}/api/admin/incidents/${alert.incident_id}/publish`
      : null;
    const lines = [
      `${alert.dependency_name} is now ${words(alert.state)} (was ${words(alert.previous_state)}).`,
      affected.length ? `Affected components: ${affected.join(", ")}.` : "No component of ours is affected.",
      ...(incident ? [incident] : []),
      ...alert.upstream_incidents.map((u) => `Upstream: ${u.title}${u.url ? ` <${u.url}>` : ""}`),
    ];
    emails.push({
      deliveryId: d.id,
      to: contact.email,
      subject: `[Vigie] ${alert.dependency_name}: ${words(alert.state)}`,
      text: `${lines.join("\n\n")}\n`,
      html: `<!doctype html><html><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}</body></html>`,
      headers: {},
    });
  }
  return { emails, skipped };
}

/** The backup alert: which file, what went wrong, and where each target stands. */
function backupEmail(
  deliveryId: string,
  to: string,
  backup: BackupFailedPayload,
  base: string,
): OutgoingEmail {
  const lines = [
    `The automatic backup ${backup.file_name} failed${backup.error ? `: ${backup.error}` : "."}`,
    ...backup.targets.map(
      (t) => `${t.target}: ${t.ok ? "written" : `failed (${t.error ?? "no reason given"})`}`,
    ),
    `Backups: ${base}/admin (dashboard) or GET ${base}/api/admin/backups`,
  ];
  return {
    deliveryId,
    to,
    subject: "[Vigie] Automatic backup failed",
    text: `${lines.join("\n\n")}\n`,
    html: `<!doctype html><html><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}</body></html>`,
    headers: {},
  };
}
