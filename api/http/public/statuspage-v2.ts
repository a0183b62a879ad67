import { Hono } from "hono";
import type { Deps } from "../../domain/context.ts";
import {
  loadPublicData,
  type PublicData,
  type PublicDocumentKind,
} from "../../domain/read/public-documents.ts";
import { type Locale, locales } from "../../domain/types.ts";
import {
  componentsShape,
  incidentShape,
  pageShape,
  type ShapeContext,
  statusShape,
} from "../../shapes/statuspage-shapes.ts";
import { errorBody } from "../../web/errors.ts";
import { type CachedDocument, DocumentCache } from "./document-cache.ts";
import { answerDocument } from "./document-encodings.ts";

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
  let latest = Math.max(data.settings.updatedAt.getTime(), data.lastChangeAt?.getTime() ?? 0);
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

const cors = { "Access-Control-Allow-Origin": "*" };

const localeQueries = new Map<string, Locale | null>([
  ["", null],
  ...locales.map((l) => [`locale=${l}`, l] as const),
]);

export interface PublicApi {
  /** The Hono routes, mounted under /api/v2. */
  routes: Hono;
  /** The paths of the documents, under /api/v2. */
  paths: string[];
  /**
   * The current cached document for a path (under /api/v2) and a raw query string, without waiting;
   * undefined when it is not cached for the current data, or for a query only the router reads.
   */
  cached(path: string, query: string): CachedDocument | undefined;
}

/**
 * The Statuspage v2 public API: unauthenticated, CORS-open, cached per data version with an ETag.
 * `?locale=fr` serves translated incident text where a translation exists.
 */
export function publicApi({ deps, publicUrl }: PublicApiOptions): PublicApi {
  const cache = new DocumentCache();
  const app = new Hono();
  const keys = new Map<string, PublicDocumentKind>();
  for (const [path, kind] of Object.entries(routes)) {
    keys.set(path, kind);
    const build = (locale: Locale | null) => async () => {
      const data = await loadPublicData(deps, kind);
      const ctx: ShapeContext = {
        settings: data.settings,
        components: data.components,
        pageUrl: (data.settings.url ?? publicUrl).replace(/\/+$/, ""),
        locale,
      };
      return render(kind, data, ctx);
    };
    app.get(path, async (c) => {
      const requested = c.req.query("locale");
      const locale =
        requested && (locales as readonly string[]).includes(requested) ? (requested as Locale) : null;
      const doc = await cache.get(`${kind}:${locale ?? ""}`, await deps.dataVersion(), build(locale));
      return answerDocument(doc.reps, c.req.header("If-None-Match"), c.req.header("Accept-Encoding"));
    });
  }
  app.options("*", (c) =>
    c.body(null, 204, {
      ...cors,
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match",
      "Access-Control-Max-Age": "86400",
    }),
  );
  // The cache key of each path and locale query, made once rather than per request.
  const cacheKeys = new Map(
    [...keys].map(([path, kind]) => [
      path,
      new Map([...localeQueries].map(([query, locale]) => [query, `${kind}:${locale ?? ""}`])),
    ]),
  );
  // A browser widget must be able to read the 404 too, so it carries the CORS header.
  const served = Object.keys(routes).map((path) => `/api/v2${path}`);
  app.all("*", (c) => {
    const message = `No route for ${c.req.method} ${c.req.path}. The public API serves GET ${served.join(", ")}.`;
    return c.json(errorBody("not_found", message), 404, cors);
  });
  return {
    routes: app,
    paths: Object.keys(routes),
    cached(path, query) {
      const key = cacheKeys.get(path)?.get(query);
      const version = deps.peekDataVersion();
      if (key === undefined || version === undefined) return undefined;
      return cache.peek(key, version);
    },
  };
}
