import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { Deps } from "../../domain/context.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  confirmSubscription,
  getSubscription,
  unsubscribe,
  updatePreferences,
} from "../../domain/subscribers/manage-subscription.ts";
import { preferencesInput } from "../../domain/subscribers/schemas.ts";
import { locales } from "../../domain/types.ts";
import { errorBody, zodDetails } from "../errors.ts";
import { readFormBody } from "../form-body.ts";
import { subscriberPageHeaders } from "./page-headers.ts";
import { layout, pageText } from "./pages.ts";
import { siteOf } from "./request-body.ts";
import { subscribeRoute } from "./subscribe-route.ts";
import { verifyRoute } from "./verify-route.ts";

export interface SubscriberRouteOptions {
  deps: Deps;
  publicUrl: string;
  /** Wakes the notifier so the confirmation email leaves at once. */
  onQueued?: () => void;
}

/**
 * Public subscription routes: subscribe (JSON or form), SMS code check, confirm, manage, one-click
 * unsubscribe.
 */
export function subscriberRoutes({ deps, publicUrl, onQueued = () => {} }: SubscriberRouteOptions) {
  const app = new Hono();
  const site = () => siteOf(deps, publicUrl);
  // Scoped to these paths: a "*" middleware here would reach every route of the app it joins.
  for (const path of ["/subscribers/*", "/api/subscribers", "/api/subscribers/*"])
    app.use(path, subscriberPageHeaders);

  app.route("/", subscribeRoute({ deps, publicUrl, onQueued }));
  app.route("/", verifyRoute({ deps, publicUrl }));

  const invalid = async (c: Context) => {
    const { settings, url } = await site();
    const t = pageText[settings.defaultLocale];
    return c.html(layout(settings.defaultLocale, t.invalid, url, html`<p>${t.invalid}.</p>`), 404);
  };

  app.get("/subscribers/confirm", async (c) => {
    try {
      const row = await confirmSubscription(deps, c.req.query("token") ?? "");
      const { url } = await site();
      const t = pageText[row.locale];
      return c.html(layout(row.locale, t.confirmed, url, html`<p>${t.confirmedBody}</p>`));
    } catch (error) {
      if (error instanceof DomainError) return invalid(c);
      throw error;
    }
  });

  app.get("/subscribers/manage", async (c) => {
    const token = c.req.query("token") ?? "";
    const sub = await getSubscription(deps, token).catch((e) =>
      e instanceof DomainError ? null : Promise.reject(e),
    );
    if (!sub) return invalid(c);
    const { components, url } = await site();
    const locale = sub.subscriber.locale;
    const t = pageText[locale];
    const chosen = new Set(sub.componentIds);
    const boxes = components
      .filter((comp) => !comp.isGroup)
      .map(
        (comp) =>
          html`<label><input type="checkbox" name="components" value="${comp.id}" ${chosen.has(comp.id) ? "checked" : ""}> ${comp.name}</label><br>`,
      );
    const q = encodeURIComponent(token);
    return c.html(
      layout(
        locale,
        t.manage,
        url,
        html`<p>${sub.subscriber.address} (${sub.subscriber.state})</p>
<form method="post" action="/subscribers/manage?token=${q}"><fieldset><legend>${t.components}</legend>${boxes}</fieldset>
<p><label>${t.language} <select name="locale">${locales.map((l) => html`<option value="${l}" ${l === locale ? "selected" : ""}>${l}</option>`)}</select></label></p>
<p><button type="submit">${t.save}</button></p></form>
<form method="post" action="/subscribers/unsubscribe?token=${q}"><button type="submit">${t.unsubscribe}</button></form>`,
      ),
    );
  });

  app.post("/subscribers/manage", async (c) => {
    const token = c.req.query("token") ?? "";
    const form = await readFormBody(c, { all: true });
    const picked = form.components;
    const parsed = preferencesInput.safeParse({
      components: picked === undefined ? [] : Array.isArray(picked) ? picked : [picked],
      locale: form.locale || undefined,
    });
    if (!parsed.success)
      return c.json(
        errorBody(
          "invalid_input",
          zodDetails(parsed.error)
            .map((d) => `${d.path}: ${d.message}`)
            .join("; "),
        ),
        400,
      );
    const sub = await updatePreferences(deps, token, parsed.data).catch((e) =>
      e instanceof DomainError && e.code === "not_found" ? null : Promise.reject(e),
    );
    if (!sub) return invalid(c);
    return c.redirect(`/subscribers/manage?token=${encodeURIComponent(token)}`, 303);
  });

  // RFC 8058 one-click: mail clients POST here without cookies; GET only shows the button, because
  // link scanners follow GET links.
  app.post("/subscribers/unsubscribe", async (c) => {
    const row = await unsubscribe(deps, c.req.query("token") ?? "").catch((e) =>
      e instanceof DomainError ? null : Promise.reject(e),
    );
    if (!row) return invalid(c);
    const { url } = await site();
    const t = pageText[row.locale];
    return c.html(layout(row.locale, t.unsubscribed, url, html`<p>${t.unsubscribedBody}</p>`));
  });
  app.get("/subscribers/unsubscribe", async (c) => {
    const token = c.req.query("token") ?? "";
    const sub = await getSubscription(deps, token).catch((e) =>
      e instanceof DomainError ? null : Promise.reject(e),
    );
    if (!sub) return invalid(c);
    const { url } = await site();
    const t = pageText[sub.subscriber.locale];
    return c.html(
      layout(
        sub.subscriber.locale,
        t.unsubscribe,
        url,
        html`<form method="post" action="/subscribers/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit">${t.unsubscribe}</button></form>`,
      ),
    );
  });
  return app;
}
