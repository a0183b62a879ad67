import { createSecretKey, type KeyObject } from "node:crypto";
import { inArray } from "drizzle-orm";
import { subscribers } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import { loadIncident, loadPage } from "../domain/read/load-page.ts";
import { linkSecret, signLink, subscriberPageUrl } from "../domain/subscribers/links.ts";
import type { IncidentKind, Locale } from "../domain/types.ts";
import type { DeliveryResult, OutgoingEmail } from "./channels/email-channel.ts";
import type { DeliveryRow } from "./claim-deliveries.ts";
import { emailHeaders, senderSettings } from "./email-headers.ts";
import { type ComponentIndex, templateIncidentInput } from "./incident-news.ts";
import type { RenderedEmail, SubscriberInput, TemplateRenderer } from "./templates/index.ts";

export interface ComposeOptions {
  renderer: TemplateRenderer;
  publicUrl: string;
  /** Shared across batches of one worker: page data and prepared renders are reused while fresh. */
  cache?: ComposeCache;
}

type Prepared = ((subscriber: SubscriberInput) => RenderedEmail) | null;

interface CacheEntry {
  version: number;
  at: number;
  page: Awaited<ReturnType<typeof loadPage>>;
  secret: KeyObject;
  perMessage: Map<string, Prepared>;
}

/**
 * What a worker keeps between batches: the page, the link key and one prepared render per (message,
 * language). It is dropped when the public data changes and every few seconds (template overrides).
 */
export interface ComposeCache {
  entry?: CacheEntry;
}

const cacheTtlMs = 5_000;

async function cachedPageData(deps: Deps, cache: ComposeCache): Promise<CacheEntry> {
  const version = await deps.dataVersion();
  const now = Date.now();
  const entry = cache.entry;
  if (entry && entry.version === version && now - entry.at < cacheTtlMs) return entry;
  const fresh: CacheEntry = {
    version,
    at: now,
    page: await loadPage(deps),
    secret: createSecretKey(await linkSecret(deps)),
    perMessage: new Map(),
  };
  cache.entry = fresh;
  return fresh;
}

export interface Composed {
  emails: OutgoingEmail[];
  /** Deliveries that will not be sent, with why (the recipient left, the incident was deleted). */
  skipped: DeliveryResult[];
}

/** Renders each claimed delivery for its recipient: their language, their manage and unsubscribe links. */
export async function composeEmails(
  deps: Deps,
  batch: DeliveryRow[],
  { renderer, publicUrl, cache = {} }: ComposeOptions,
): Promise<Composed> {
  const entry = await cachedPageData(deps, cache);
  const { settings, components } = entry.page;
  const base = (settings.url ?? publicUrl).replace(/\/+$/, "");
  const secret = entry.secret;
  const people = new Map(
    (
      await deps.read((db) =>
        db
          .select({
            id: subscribers.id,
            address: subscribers.address,
            locale: subscribers.locale,
            state: subscribers.state,
            tokenVersion: subscribers.tokenVersion,
          })
          .from(subscribers)
          .where(
            inArray(
              subscribers.id,
              batch.map((d) => d.subscriberId),
            ),
          ),
      )
    ).map((s) => [s.id, s]),
  );
  const index: ComponentIndex = new Map(components.map((c) => [c.id, c]));
  const incidents = new Map<string, Awaited<ReturnType<typeof loadIncident>> | null>();
  const page = {
    name: settings.name,
    url: base,
    accent_color: settings.accentColor,
    time_zone: settings.timeZone,
  };
  const emails: OutgoingEmail[] = [];
  const skipped: DeliveryResult[] = [];
  const perMessage = entry.perMessage;
  const sender = senderSettings(settings);
  const pageLink = (locale: Locale, name: "manage" | "unsubscribe" | "confirm", token: string) =>
    subscriberPageUrl(base, settings.defaultLocale, locale, name, token);

  const prepare = async (d: DeliveryRow, locale: Locale) => {
    const kind: IncidentKind = d.kind.startsWith("maintenance") ? "maintenance" : "incident";
    if (!incidents.has(d.incidentId!))
      incidents.set(d.incidentId!, await loadIncident(deps, kind, d.incidentId!).catch(() => null));
    const view = incidents.get(d.incidentId!);
    if (!view) return null;
    const { incident, maintenance } = templateIncidentInput(view, d.updateId, locale, index, base);
    return kind === "maintenance"
      ? renderer.prepare(d.kind as "maintenance-started", locale, { page, incident, maintenance })
      : renderer.prepare(d.kind as "incident-created", locale, { page, incident });
  };

  for (const d of batch) {
    const person = people.get(d.subscriberId);
    const wanted = d.kind === "confirmation" ? "pending" : "active";
    if (!person || person.state !== wanted) {
      skipped.push({
        deliveryId: d.id,
        outcome: "failed",
        reason: `recipient is ${person?.state ?? "gone"}`,
      });
      continue;
    }
    const manage = signLink(secret, "manage", person.id, person.tokenVersion);
    const locale: Locale = person.locale;
    const subscriber = {
      manage_url: pageLink(locale, "manage", manage),
      unsubscribe_url: pageLink(locale, "unsubscribe", manage),
    };
    let rendered: ReturnType<TemplateRenderer["render"]>;
    if (d.kind === "confirmation") {
      const confirm = signLink(secret, "confirm", person.id, person.tokenVersion);
      rendered = renderer.render("confirmation", locale, {
        page,
        subscriber,
        confirm_url: pageLink(locale, "confirm", confirm),
      });
    } else {
      // One template render per (message, language); each recipient only gets their own links spliced in.
      const key = `${d.kind}|${locale}|${d.incidentId}|${d.updateId}`;
      let prepared = perMessage.get(key);
      if (prepared === undefined) {
        prepared = await prepare(d, locale);
        perMessage.set(key, prepared);
      }
      if (!prepared) {
        skipped.push({ deliveryId: d.id, outcome: "failed", reason: "the incident was deleted" });
        continue;
      }
      rendered = prepared(subscriber);
    }
    emails.push({
      deliveryId: d.id,
      to: person.address,
      ...rendered,
      sender,
      ...emailHeaders({
        delivery: d,
        pageId: settings.pageId,
        pageName: settings.name,
        base,
        unsubscribeUrl: subscriber.unsubscribe_url,
      }),
    });
  }
  return { emails, skipped };
}
