import { Hono } from "hono";
import type { Deps } from "../domain/context.ts";
import { checkReadiness } from "../domain/health/check-readiness.ts";

/**
 * `GET /readyz`: 200 when this process can serve, 503 with the failing check's reason otherwise.
 * `/healthz` only says the process is up; this one is for load balancers and deploy scripts.
 */
export function readinessRoutes(deps: Deps, buildsSite: boolean) {
  return new Hono().get("/readyz", async (c) => {
    const readiness = await checkReadiness(deps, { buildsSite });
    c.header("Cache-Control", "no-store");
    return c.json(
      { status: readiness.ready ? "ready" : "not_ready", checks: readiness.checks },
      readiness.ready ? 200 : 503,
    );
  });
}
