import { createSecretKey, type KeyObject } from "node:crypto";
import { inArray } from "drizzle-orm";
import { subscribers } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import type { DeliveryRow } from "../domain/deliveries/claim-deliveries.ts";
import { loadIncident, loadPage } from "../domain/read/load-page.ts";
import { linkSecret, signLink, subscriberPageUrl } from "../domain/subscribers/links.ts";
import type { IncidentKind, Locale } from "../domain/types.ts";
import type { RenderedEmail, SubscriberInput, TemplateRenderer } from "../templates/index.ts";
import { createRenderGate, type RenderGate } from "../templates/render-gate.ts";
import { TemplateRenderError } from "../templates/renderer.ts";
import type { DeliveryResult, OutgoingEmail } from "./channels/email-channel.ts";
import { emailHeaders, senderSettings } from "./email-headers.ts";
import { type ComponentIndex, templateIncidentInput } from "./incident-news.ts";

/**
 * Rendering time one notification may spend in all (every language, every recipient). Past it, its
 * remaining messages use the built-in templates: an admin's slow template delays one notification
 * by this much, not by its cost times the number of subscribers.
 */
export const notificationRenderBudgetMs = 2_000;
/** One render of an admin's template may take this long; a longer one is cut and the built-in used. */
export const renderLimitMs = 200;

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
  /** Milliseconds spent rendering each notification so far (kept across page data changes). */
  spentMs?: Map<string, number>;
  /** Renders of every lane take turns with the event loop. */
  gate?: RenderGate;
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
  if (!cache.spentMs || cache.spentMs.size > 10_000) cache.spentMs = new Map();
  const spentMs = cache.spentMs;
  cache.gate ??= createRenderGate();
  const gate = cache.gate;
  const overBudget = (notification: string) => (spentMs.get(notification) ?? 0) > notificationRenderBudgetMs;
  /**
   * Renders in the gate's turns, counted against the notification's budget; a render cut short (too
   * slow, or failing) gives up the admins' templates for the rest of that notification.
   */
  const timed = async <T>(notification: string, builtIn: boolean, render: (builtIn: boolean) => T) => {
    const run = (asBuiltIn: boolean) =>
      gate(() => {
        const started = performance.now();
        try {
          return render(asBuiltIn);
        } finally {
          spentMs.set(notification, (spentMs.get(notification) ?? 0) + performance.now() - started);
        }
      });
    try {
      return await run(builtIn);
    } catch (error) {
      if (builtIn || !(error instanceof TemplateRenderError)) throw error;
      spentMs.set(notification, Number.POSITIVE_INFINITY);
      deps.logger.warn("an email template failed or was too slow; using the built-in one", {
        error: error.message,
      });
      return run(true);
    }
  };

  const prepare = async (d: DeliveryRow, locale: Locale, builtIn: boolean) => {
    const kind: IncidentKind = d.kind.startsWith("maintenance") ? "maintenance" : "incident";
    if (!incidents.has(d.incidentId!))
      incidents.set(d.incidentId!, await loadIncident(deps, kind, d.incidentId!).catch(() => null));
    const view = incidents.get(d.incidentId!);
    if (!view) return null;
    const { incident, maintenance } = templateIncidentInput(view, d.updateId, locale, index, base);
    const notification = `${d.kind}|${d.incidentId}|${d.updateId}`;
    return timed(notification, builtIn, (asBuiltIn) => {
      const options = { builtIn: asBuiltIn, renderLimit: renderLimitMs };
      return kind === "maintenance"
        ? renderer.prepare(d.kind as "maintenance-started", locale, { page, incident, maintenance }, options)
        : renderer.prepare(d.kind as "incident-created", locale, { page, incident }, options);
    });
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
      const input = { page, subscriber, confirm_url: pageLink(locale, "confirm", confirm) };
      // One render per recipient by nature (no fan-out): no budget, only the limit of each render.
      rendered = await timed("confirmation", false, (builtIn) =>
        renderer.render("confirmation", locale, input, { builtIn, renderLimit: renderLimitMs }),
      );
    } else {
      // One template render per (message, language); each recipient only gets their own links spliced in.
      const notification = `${d.kind}|${d.incidentId}|${d.updateId}`;
      const builtIn = overBudget(notification);
      const key = `${notification}|${locale}|${builtIn ? "built-in" : "current"}`;
      let prepared = perMessage.get(key);
      if (prepared === undefined) {
        prepared = await prepare(d, locale, builtIn);
        perMessage.set(key, prepared);
      }
      if (!prepared) {
        skipped.push({ deliveryId: d.id, outcome: "failed", reason: "the incident was deleted" });
        continue;
      }
      const render = prepared;
      try {
        // The render itself has no built-in variant to retry with: that is done here.
        rendered = await timed(notification, true, () => render(subscriber));
      } catch (error) {
        // A per-recipient render of the admin's template was cut short: the built-in one instead.
        if (builtIn || !(error instanceof TemplateRenderError)) throw error;
        spentMs.set(notification, Number.POSITIVE_INFINITY);
        const fallback = await prepare(d, locale, true);
        if (!fallback) throw error;
        perMessage.set(`${notification}|${locale}|built-in`, fallback);
        rendered = await timed(notification, true, () => fallback(subscriber));
      }
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
