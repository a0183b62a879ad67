import type { APIRoute } from "astro";
import { statusBadge } from "../lib/badge.ts";
import { describeStatus, strings } from "../lib/i18n.ts";
import { loadSite } from "../lib/site.ts";

export const GET: APIRoute = async () => {
  const site = await loadSite();
  const t = strings[site.page.default_locale];
  const { indicator, description } = site.doc.status;
  return new Response(statusBadge(t.badgeLabel, describeStatus(t, description), indicator), {
    headers: { "Content-Type": "image/svg+xml" },
  });
};
