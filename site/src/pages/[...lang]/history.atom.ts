import type { APIRoute } from "astro";
import { historyFeed } from "../../lib/feeds.ts";
import { loadSite, localePaths } from "../../lib/site.ts";
import type { Locale } from "../../lib/site-document.ts";

export const getStaticPaths = async () => localePaths(await loadSite());

export const GET: APIRoute<{ locale: Locale }> = async ({ props }) =>
  new Response(historyFeed(await loadSite(), props.locale, "atom"), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8" },
  });
