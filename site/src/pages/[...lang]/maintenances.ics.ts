import type { APIRoute } from "astro";
import { maintenanceCalendar } from "../../lib/calendar.ts";
import { loadSite, localePaths } from "../../lib/site.ts";
import type { Locale } from "../../lib/site-document.ts";

export const getStaticPaths = async () => localePaths(await loadSite());

export const GET: APIRoute<{ locale: Locale }> = async ({ props }) =>
  new Response(maintenanceCalendar(await loadSite(), props.locale), {
    headers: { "Content-Type": "text/calendar; charset=utf-8" },
  });
