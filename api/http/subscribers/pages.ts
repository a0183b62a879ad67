import type { Context } from "hono";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Deps } from "../../domain/context.ts";
import type { Locale } from "../../domain/types.ts";
import { escapeHtml, type FrameSource, framePage } from "./page-frame.ts";
import { siteOf } from "./request-body.ts";

export { pageText } from "./page-text.ts";

/** What every subscriber page needs: the data, the page's URL, and where its frame comes from. */
export interface PageContext {
  deps: Deps;
  publicUrl: string;
  frame: FrameSource;
}

export interface PageOptions {
  locale: Locale;
  title: string;
  body: HtmlEscapedString | Promise<HtmlEscapedString>;
  status?: 200 | 201 | 202 | 400 | 404 | 409 | 422 | 429;
  headers?: Record<string, string>;
}

/**
 * A subscriber page (check inbox, confirm, SMS code, manage, unsubscribe, errors) in the status
 * page's own frame and language. Token links must stay out of caches and referrers.
 */
export async function subscriberPage(c: Context, ctx: PageContext, o: PageOptions): Promise<Response> {
  const { settings, url } = await siteOf(ctx.deps, ctx.publicUrl);
  const prefix = o.locale === settings.defaultLocale ? "" : `/${o.locale}`;
  const document = await framePage(ctx.frame, {
    locale: o.locale,
    prefix,
    title: o.title,
    body: `<h1>${escapeHtml(o.title)}</h1>\n${(await o.body).toString()}`,
    page: { name: settings.name, url, accent: settings.accentColor },
  });
  return c.html(document, o.status ?? 200, {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    ...o.headers,
  });
}
