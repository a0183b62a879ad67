import type { APIRoute } from "astro";
import { hasOwnFeed, itemFeed } from "../../../../lib/item-feed.ts";
import { loadSite, localePaths } from "../../../../lib/site.ts";
import type { Locale, SiteIncident } from "../../../../lib/site-document.ts";

export async function getStaticPaths() {
  const site = await loadSite();
  return localePaths(site).flatMap(({ params, props }) =>
    site.doc.incidents
      .filter((item) => hasOwnFeed(site, item))
      .map((item) => ({ params: { ...params, id: item.id }, props: { ...props, item } })),
  );
}

export const GET: APIRoute<{ locale: Locale; item: SiteIncident }> = async ({ props }) =>
  new Response(itemFeed(await loadSite(), props.locale, props.item), {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8" },
  });
