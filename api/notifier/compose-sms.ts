import { inArray } from "drizzle-orm";
import { subscribers } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import type { DeliveryRow } from "../domain/deliveries/claim-deliveries.ts";
import { loadIncident, loadPage } from "../domain/read/load-page.ts";
import { smsConfirmationCode } from "../domain/subscribers/sms-codes.ts";
import type { IncidentKind, Locale } from "../domain/types.ts";
import type { PageInput } from "../templates/index.ts";
import type { SmsRenderer, SmsTemplateKey } from "../templates/render-sms.ts";
import { smsTemplateKeys } from "../templates/render-sms.ts";
import type { DeliveryResult } from "./channels/email-channel.ts";
import type { OutgoingSms } from "./channels/sms/sms-provider.ts";
import { type ComponentIndex, templateIncidentInput } from "./incident-news.ts";

/**
 * What a worker keeps between batches: the page and one rendered text per (message, language), since
 * an SMS says the same to every recipient. Dropped when the public data changes and every few seconds.
 */
export interface SmsComposeCache {
  entry?: {
    version: number;
    at: number;
    page: PageInput;
    index: ComponentIndex;
    texts: Map<string, string | null>;
  };
}

export interface SmsComposeOptions {
  renderer: SmsRenderer;
  publicUrl: string;
  statusCallbackUrl?: string;
  cache: SmsComposeCache;
}

export interface ComposedSms {
  messages: OutgoingSms[];
  /** Deliveries that will not be sent, with why (the recipient left, the code was replaced). */
  skipped: DeliveryResult[];
}

const cacheTtlMs = 5_000;
const smsKeys = new Set<string>(smsTemplateKeys);

async function pageData(deps: Deps, publicUrl: string, cache: SmsComposeCache) {
  const version = await deps.dataVersion();
  const now = Date.now();
  const entry = cache.entry;
  if (entry && entry.version === version && now - entry.at < cacheTtlMs) return entry;
  const { settings, components } = await loadPage(deps);
  const page: PageInput = {
    name: settings.name,
    url: (settings.url ?? publicUrl).replace(/\/+$/, ""),
    accent_color: settings.accentColor,
    time_zone: settings.timeZone,
  };
  const index: ComponentIndex = new Map(components.map((c) => [c.id, c]));
  cache.entry = { version, at: now, page, index, texts: new Map() };
  return cache.entry;
}

/** The same incident data the email gets, in the recipient's language; null when the incident is gone. */
async function renderNews(
  deps: Deps,
  d: DeliveryRow,
  locale: Locale,
  { page, index }: { page: PageInput; index: ComponentIndex },
  renderer: SmsRenderer,
): Promise<string | null> {
  const kind: IncidentKind = d.kind.startsWith("maintenance") ? "maintenance" : "incident";
  const view = d.incidentId ? await loadIncident(deps, kind, d.incidentId).catch(() => null) : null;
  if (!view) return null;
  const { incident, maintenance } = templateIncidentInput(view, d.updateId, locale, index, page.url);
  const key = d.kind as Exclude<SmsTemplateKey, "confirmation">;
  if (kind === "incident") return renderer.render(key as "incident-created", locale, { page, incident });
  return renderer.render(key as "maintenance-started", locale, { page, incident, maintenance });
}

/** Renders each claimed SMS delivery for its recipient: the code to confirm, or the news in their language. */
export async function composeSms(
  deps: Deps,
  batch: DeliveryRow[],
  { renderer, publicUrl, statusCallbackUrl, cache }: SmsComposeOptions,
): Promise<ComposedSms> {
  const entry = await pageData(deps, publicUrl, cache);
  const ids = batch.map((d) => d.subscriberId);
  const people = new Map(
    (await deps.read((db) => db.select().from(subscribers).where(inArray(subscribers.id, ids)))).map((s) => [
      s.id,
      s,
    ]),
  );
  const messages: OutgoingSms[] = [];
  const skipped: DeliveryResult[] = [];
  const skip = (d: DeliveryRow, reason: string) =>
    skipped.push({ deliveryId: d.id, outcome: "failed", reason });

  for (const d of batch) {
    const person = people.get(d.subscriberId);
    const wanted = d.kind === "confirmation" ? "pending" : "active";
    if (!person || person.state !== wanted) {
      skip(d, `recipient is ${person?.state ?? "gone"}`);
      continue;
    }
    if (!smsKeys.has(d.kind)) {
      skip(d, `${d.kind} messages are not sent by SMS`);
      continue;
    }
    let body: string | null;
    if (d.kind === "confirmation") {
      const code = await smsConfirmationCode(deps, d);
      if (!code) {
        skip(d, "the code was replaced or expired");
        continue;
      }
      body = renderer.render("confirmation", person.locale, { page: entry.page, code });
    } else {
      const key = `${d.kind}|${person.locale}|${d.incidentId}|${d.updateId}`;
      body = entry.texts.get(key) ?? null;
      if (!entry.texts.has(key)) {
        body = await renderNews(deps, d, person.locale, entry, renderer);
        entry.texts.set(key, body);
      }
      if (body === null) {
        skip(d, "the incident was deleted");
        continue;
      }
    }
    messages.push({ deliveryId: d.id, to: person.address, body, statusCallbackUrl });
  }
  return { messages, skipped };
}
