import { Hono } from "hono";
import type { Deps } from "../../domain/context.ts";
import {
  loadPublicData,
  type PublicData,
  type PublicDocumentKind,
} from "../../domain/read/public-documents.ts";
import { type Locale, locales } from "../../domain/types.ts";
import { DocumentCache } from "./document-cache.ts";
import {
  componentsShape,
  incidentShape,
  pageShape,
  type ShapeContext,
  statusShape,
} from "./statuspage-shapes.ts";

export interface PublicApiOptions {
  deps: Deps;
  /** Page URL when the settings have none. */
  publicUrl: string;
}

const routes: Record<string, PublicDocumentKind> = {
  "/summary.json": "summary",
  "/status.json": "status",
  "/components.json": "components",
  "/incidents.json": "incidents",
  "/incidents/unresolved.json": "incidents-unresolved",
  "/scheduled-maintenances.json": "maintenances",
  "/scheduled-maintenances/upcoming.json": "maintenances-upcoming",
  "/scheduled-maintenances/active.json": "maintenances-active",
};

function lastChange(data: PublicData): Date {
  let latest = data.settings.updatedAt.getTime();
  for (const c of data.components) latest = Math.max(latest, c.updatedAt.getTime());
  for (const v of [...data.incidents, ...data.maintenances])
    latest = Math.max(latest, v.incident.updatedAt.getTime());
  return new Date(latest);
}

function render(kind: PublicDocumentKind, data: PublicData, ctx: ShapeContext) {
  const page = pageShape(ctx, lastChange(data));
  const shaped = componentsShape(ctx);
  const incidents = () => data.incidents.map((v) => incidentShape(ctx, v, shaped));
  const maintenances = () => data.maintenances.map((v) => incidentShape(ctx, v, shaped));
  const status = () =>
    statusShape(
      ctx,
      data.incidents.map((v) => v.incident),
      data.maintenanceInProgress,
    );
  switch (kind) {
    case "summary":
      return {
        page,
        components: shaped,
        incidents: incidents(),
        scheduled_maintenances: maintenances(),
        status: status(),
      };
    case "status":
      return { page, status: status() };
    case "components":
      return { page, components: shaped };
    case "incidents":
    case "incidents-unresolved":
      return { page, incidents: incidents() };
    default:
      return { page, scheduled_maintenances: maintenances() };
  }
}

/**
 * The Statuspage v2 public API: unauthenticated, CORS-open, cached per data version with an ETag.
 * `?locale=fr` serves translated incident text where a translation exists.
 */
export function publicApi({ deps, publicUrl }: PublicApiOptions) {
  const cache = new DocumentCache();
  const app = new Hono();
  for (const [path, kind] of Object.entries(routes)) {
    app.get(path, async (c) => {
      const requested = c.req.query("locale");
      const locale =
        requested && (locales as readonly string[]).includes(requested) ? (requested as Locale) : null;
      const version = await deps.dataVersion();
      const doc = await cache.get(`${kind}:${locale ?? ""}`, version, async () => {
        const data = await loadPublicData(deps, kind);
        const ctx: ShapeContext = {
          settings: data.settings,
          components: data.components,
          pageUrl: (data.settings.url ?? publicUrl).replace(/\/+$/, ""),
          locale,
        };
        return render(kind, data, ctx);
      });
      const headers = {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag",
        "Cache-Control": "public, max-age=10, stale-while-revalidate=30",
        ETag: doc.etag,
      };
      const match = c.req.header("If-None-Match");
      if (match?.split(",").some((t) => t.trim().replace(/^W\//, "") === doc.etag)) {
        return c.body(null, 304, headers);
      }
      return c.body(doc.body, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
    });
  }
  app.options("*", (c) =>
    c.body(null, 204, {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match",
      "Access-Control-Max-Age": "86400",
    }),
  );
  return app;
}
