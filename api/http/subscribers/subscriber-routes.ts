import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { Deps } from "../../domain/context.ts";
import { DomainError, type ErrorDetail } from "../../domain/errors.ts";
import { defaultPhoneCountry } from "../../domain/subscribers/channel-addresses.ts";
import {
  confirmSubscription,
  getSubscription,
  readConfirmation,
  unsubscribe,
  updatePreferences,
} from "../../domain/subscribers/manage-subscription.ts";
import { preferencesInput } from "../../domain/subscribers/schemas.ts";
import { type Locale, locales } from "../../domain/types.ts";
import { zodDetails } from "../../web/errors.ts";
import { readFormBody } from "../../web/form-body.ts";
import { formErrors, phoneExample } from "./form-errors.ts";
import { type FrameSource, noFrame } from "./page-frame.ts";
import { subscriberPageHeaders } from "./page-headers.ts";
import { type PageContext, pageText, subscriberPage } from "./pages.ts";
import { asLocale, siteOf } from "./request-body.ts";
import { subscribeRoute } from "./subscribe-route.ts";
import { pagePaths } from "./subscriber-paths.ts";
import { verifyRoute } from "./verify-route.ts";

export interface SubscriberRouteOptions {
  deps: Deps;
  publicUrl: string;
  /** The status page's frame around these pages (from its current build). */
  frame?: FrameSource;
}

const orNull = <T>(promise: Promise<T>) =>
  promise.catch((e) => (e instanceof DomainError ? null : Promise.reject(e)));

/**
 * Public subscription pages under the status page's own `/subscribe/` paths (and `/<lang>/subscribe/`):
 * subscribe, SMS code, confirm, manage, unsubscribe. Links both confirm and unsubscribe only on POST
 * (mail scanners follow GET links); `List-Unsubscribe-Post` (RFC 8058) posts to the unsubscribe link.
 * The `/subscribers/...` addresses of emails sent before stay valid.
 */
export function subscriberRoutes({ deps, publicUrl, frame = noFrame }: SubscriberRouteOptions) {
  const app = new Hono();
  const ctx: PageContext = { deps, publicUrl, frame };
  // Scoped to these paths: a "*" middleware here would reach every route of the app it joins.
  for (const path of [
    "/subscribe/*",
    "/:lang/subscribe/*",
    "/subscribers/*",
    "/api/subscribers",
    "/api/subscribers/*",
  ])
    app.use(path, subscriberPageHeaders);

  app.route("/", subscribeRoute(ctx));
  app.route("/", verifyRoute(ctx));

  const invalid = async (c: Context) => {
    const { settings } = await siteOf(deps, publicUrl);
    const locale = asLocale(c.req.param("lang"), settings.defaultLocale);
    const t = pageText[locale];
    return subscriberPage(c, ctx, {
      locale,
      title: t.invalid,
      body: html`<p>${t.invalidBody}</p>`,
      status: 404,
    });
  };
  const token = (c: Context) => c.req.query("token") ?? "";
  const self = (c: Context) => `${new URL(c.req.url).pathname}?token=${encodeURIComponent(token(c))}`;

  const confirmPaths = pagePaths("confirm", "/subscribers/confirm");
  app.on("GET", confirmPaths, async (c) => {
    const row = await orNull(readConfirmation({ ctx: { deps }, input: { token: token(c) } }));
    if (!row) return invalid(c);
    const t = pageText[row.locale];
    if (row.state !== "pending")
      return subscriberPage(c, ctx, {
        locale: row.locale,
        title: t.confirmed,
        body: html`<p>${t.confirmedBody}</p>`,
      });
    return subscriberPage(c, ctx, {
      locale: row.locale,
      title: t.confirm,
      body: html`<p>${t.confirmBody(row.address)}</p>
<form method="post" action="${self(c)}"><p><button type="submit">${t.confirmButton}</button></p></form>`,
    });
  });
  app.on("POST", confirmPaths, async (c) => {
    const row = await orNull(confirmSubscription({ ctx: { deps }, input: { token: token(c) } }));
    if (!row) return invalid(c);
    const t = pageText[row.locale];
    return subscriberPage(c, ctx, {
      locale: row.locale,
      title: t.confirmed,
      body: html`<p>${t.confirmedBody}</p>`,
    });
  });

  const managePaths = pagePaths("manage", "/subscribers/manage");
  const managePage = async (c: Context, notice: { saved?: boolean; errors?: string[] } = {}) => {
    const sub = await orNull(getSubscription({ ctx: { deps }, input: { token: token(c) } }));
    if (!sub) return invalid(c);
    const { components, settings } = await siteOf(deps, publicUrl);
    const locale = sub.subscriber.locale;
    const t = pageText[locale];
    const chosen = new Set(sub.componentIds);
    const boxes = components
      .filter((comp) => !comp.isGroup)
      .map(
        (comp) =>
          html`<label class="choice"><input type="checkbox" name="components" value="${comp.id}" ${chosen.has(comp.id) ? "checked" : ""}> ${comp.name}</label>`,
      );
    const languages = locales.filter((l) => settings.locales.includes(l) || l === locale);
    const problem = notice.errors?.length
      ? html`<div class="problem" role="alert"><ul>${notice.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
      : "";
    const saved = notice.saved ? html`<p class="notice" role="status">${t.saved}</p>` : "";
    const unsubscribeAction = self(c).replace(/\/manage\?/, "/unsubscribe?");
    return subscriberPage(c, ctx, {
      locale,
      title: t.manage,
      status: notice.errors?.length ? 400 : 200,
      body: html`${saved}${problem}<p>${t.manageFor(sub.subscriber.address, t.states[sub.subscriber.state] ?? sub.subscriber.state)}</p>
<form method="post" action="${self(c)}"><fieldset><legend>${t.components}</legend>${boxes}</fieldset>
<p class="field"><label for="locale">${t.language}</label><select id="locale" name="locale">${languages.map((l) => html`<option value="${l}" ${l === locale ? "selected" : ""}>${t.languages[l] ?? l}</option>`)}</select></p>
<p><button type="submit">${t.save}</button></p></form>
<form method="post" action="${unsubscribeAction}"><p><button type="submit" class="secondary">${t.unsubscribe}</button></p></form>`,
    });
  };
  app.on("GET", managePaths, (c) => managePage(c, { saved: c.req.query("saved") === "1" }));
  app.on("POST", managePaths, async (c) => {
    const form = await readFormBody(c, { all: true });
    const picked = form.components;
    const parsed = preferencesInput.safeParse({
      components: picked === undefined ? [] : Array.isArray(picked) ? picked : [picked],
      locale: form.locale || undefined,
    });
    const sub = await orNull(getSubscription({ ctx: { deps }, input: { token: token(c) } }));
    if (!sub) return invalid(c);
    const refuse = async (details: ErrorDetail[]) => {
      const { settings } = await siteOf(deps, publicUrl);
      const country = phoneExample(defaultPhoneCountry(settings));
      return managePage(c, { errors: formErrors(details, sub.subscriber.locale, country) });
    };
    if (!parsed.success) return refuse(zodDetails(parsed.error));
    // The link was checked above: a refusal now is about the components chosen.
    const saved = await updatePreferences({
      ctx: { deps },
      input: { ...parsed.data, token: token(c) },
    }).catch((e) => (e instanceof DomainError ? e : Promise.reject(e)));
    if (saved instanceof DomainError) return refuse([{ path: "components", message: saved.message }]);
    // The page follows the subscriber's (maybe new) language, on the server that showed it.
    const { settings } = await siteOf(deps, publicUrl);
    const locale: Locale = saved.subscriber.locale;
    const prefix = locale === settings.defaultLocale ? "" : `/${locale}`;
    const legacy = new URL(c.req.url).pathname.startsWith("/subscribers/");
    const path = legacy ? "/subscribers/manage" : `${prefix}/subscribe/manage`;
    return c.redirect(`${path}?token=${encodeURIComponent(token(c))}&saved=1`, 303);
  });

  const unsubscribePaths = pagePaths("unsubscribe", "/subscribers/unsubscribe");
  // RFC 8058 one-click: mail clients POST here without cookies.
  app.on("POST", unsubscribePaths, async (c) => {
    const row = await orNull(unsubscribe({ ctx: { deps }, input: { token: token(c) } }));
    if (!row) return invalid(c);
    const t = pageText[row.locale];
    return subscriberPage(c, ctx, {
      locale: row.locale,
      title: t.unsubscribed,
      body: html`<p>${t.unsubscribedBody}</p>`,
    });
  });
  app.on("GET", unsubscribePaths, async (c) => {
    const sub = await orNull(getSubscription({ ctx: { deps }, input: { token: token(c) } }));
    if (!sub) return invalid(c);
    const locale = sub.subscriber.locale;
    const t = pageText[locale];
    if (sub.subscriber.state === "unsubscribed")
      return subscriberPage(c, ctx, {
        locale,
        title: t.unsubscribed,
        body: html`<p>${t.unsubscribedBody}</p>`,
      });
    return subscriberPage(c, ctx, {
      locale,
      title: t.unsubscribe,
      body: html`<p>${t.unsubscribeBody(sub.subscriber.address)}</p>
<form method="post" action="${self(c)}"><p><button type="submit">${t.unsubscribe}</button></p></form>`,
    });
  });
  return app;
}
