import { Hono } from "hono";
import type { Deps } from "../../domain/context.ts";
import { loadSiteData } from "../../domain/read/site-data.ts";
import { siteDocument } from "../../shapes/site-document.ts";
import { DocumentCache } from "./document-cache.ts";

/** `GET /api/site.json`: what the static page is built from, cached per data version and hour. */
export function siteApi(deps: Deps, publicUrl: string) {
  const cache = new DocumentCache({ compress: false });
  const app = new Hono();
  app.get("/api/site.json", async (c) => {
    // Uptime days roll over with time, so the hour is part of the key as well as the data version.
    const hour = Math.floor(deps.clock.now().getTime() / 3_600_000);
    const { reps } = await cache.get(`site:${hour}`, await deps.dataVersion(), async () =>
      siteDocument(await loadSiteData(deps), publicUrl, deps.clock.now()),
    );
    const doc = reps.identity;
    const headers = {
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=10",
      ETag: doc.etag,
    };
    if (c.req.header("If-None-Match") === doc.etag) return c.body(null, 304, headers);
    return c.body(doc.body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
  });
  return app;
}
