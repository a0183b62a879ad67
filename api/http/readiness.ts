import { Hono } from "hono";
import type { Deps } from "../domain/context.ts";
import { checkReadiness } from "../domain/health/check-readiness.ts";
import { leaseNames, listLeases } from "../domain/leases/lease-store.ts";

type LeaseView = "this process" | "another process" | "nobody";

/** Which process runs each elected job; who the others are is left to the operator's own tools. */
async function leaseViews(deps: Deps, holder: string): Promise<Record<string, LeaseView> | undefined> {
  try {
    const held = new Map((await listLeases(deps)).map((l) => [l.name, l.holder]));
    return Object.fromEntries(
      leaseNames.map((name) => {
        const by = held.get(name);
        return [name, by === undefined ? "nobody" : by === holder ? "this process" : "another process"];
      }),
    );
  } catch {
    // The database check above says why.
    return undefined;
  }
}

/**
 * `GET /readyz`: 200 when this process can serve, 503 with the failing check's reason otherwise.
 * `/healthz` only says the process is up; this one is for load balancers and deploy scripts. With
 * `leaseHolder`, it also says which jobs this process was elected for.
 */
export function readinessRoutes(deps: Deps, buildsSite: boolean, leaseHolder?: string) {
  return new Hono().get("/readyz", async (c) => {
    const readiness = await checkReadiness(deps, { buildsSite });
    const leases =
      leaseHolder && readiness.checks.database.ok ? await leaseViews(deps, leaseHolder) : undefined;
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        status: readiness.ready ? "ready" : "not_ready",
        checks: readiness.checks,
        ...(leases && { leases }),
      },
      readiness.ready ? 200 : 503,
    );
  });
}
