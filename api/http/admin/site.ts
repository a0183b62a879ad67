import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { type SiteBuildRow, siteState } from "../../domain/site/site-builds.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, jsonResponse, nullable } from "./openapi-helpers.ts";

const publishResultSchema = z.object({
  target: z.string(),
  ok: z.boolean(),
  attempts: z.int(),
  error: z.string().nullable(),
  duration_ms: z.int(),
});

const buildSchema = z
  .object({
    id: z.int(),
    status: z.enum(["running", "succeeded", "failed"]),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.int().nullable(),
    error: z.string().nullable().meta({
      description:
        "Why the build failed; on a succeeded build, a note for admins (the logo left out, a foreign current folder moved aside)",
    }),
    publish_results: z.array(publishResultSchema),
  })
  .meta({ id: "SiteBuild" });

const siteStateSchema = z
  .object({
    enabled: z.boolean().meta({ description: "Whether this process rebuilds the page" }),
    last_build: nullable(buildSchema),
    last_success: nullable(buildSchema).meta({ description: "The build being served" }),
  })
  .meta({ id: "SiteState" });

const buildShape = (row: SiteBuildRow | null) =>
  row && {
    id: row.id,
    status: row.status,
    started_at: row.startedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
    duration_ms: row.durationMs,
    error: row.error,
    publish_results: row.publishResults.map((r) => ({
      target: r.target,
      ok: r.ok,
      attempts: r.attempts,
      error: r.error,
      duration_ms: r.durationMs,
    })),
  };

export interface SiteRouteOptions extends AdminContext {
  /** Rebuilds now; absent when this process does not publish. */
  rebuild?: () => Promise<unknown>;
}

export function siteRoutes({ deps, rebuild }: SiteRouteOptions) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  const state = async () => {
    const s = await siteState(deps);
    return {
      enabled: rebuild !== undefined,
      last_build: buildShape(s.lastBuild),
      last_success: buildShape(s.lastSuccess),
    };
  };
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/site",
        tag: "Site",
        role: "viewer",
        operationId: "getSiteState",
        summary: "The static page: last build (time, duration, error) and publish results",
        responses: { 200: jsonResponse(siteStateSchema, "Build state") },
      }),
      async (c) => c.json(await state(), 200),
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/site/rebuild",
        tag: "Site",
        role: "editor",
        operationId: "rebuildSite",
        summary: "Rebuild and publish the static page now",
        responses: { 200: jsonResponse(siteStateSchema, "Build state after the rebuild") },
      }),
      async (c) => {
        if (!rebuild)
          throw new DomainError("conflict", "This server does not build the page (VIGIE_PUBLISHER=0).");
        await rebuild();
        return c.json(await state(), 200);
      },
    );
}
