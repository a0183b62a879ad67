import type { APIRoute } from "astro";
import { defaultFavicon } from "../lib/page-meta.ts";
import { loadSite } from "../lib/site.ts";

/** The favicon of a page without a logo (one with a logo uses the logo). */
export const GET: APIRoute = async () => {
  const site = await loadSite();
  return new Response(defaultFavicon(site.accent), { headers: { "Content-Type": "image/svg+xml" } });
};
