import { eq } from "drizzle-orm";
import { siteBuilds } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";

/**
 * Closes the builds a publisher left "running" when it died or lost its lease: for the process
 * elected next, before its first build. Their changes are still after the publisher's outbox
 * cursor, so that first build includes them.
 */
export async function abandonSiteBuilds(deps: Deps): Promise<number> {
  const rows = await deps.write((tx) =>
    tx
      .update(siteBuilds)
      .set({
        status: "failed",
        finishedAt: deps.clock.now(),
        error: "interrupted: the process building the page stopped; the next build includes its changes",
      })
      .where(eq(siteBuilds.status, "running"))
      .returning({ id: siteBuilds.id }),
  );
  return rows.length;
}
