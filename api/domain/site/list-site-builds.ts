import { desc } from "drizzle-orm";
import { siteBuilds } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import type { SiteBuildRow } from "./site-builds.ts";

/** The newest builds first, with the outcome of each publish target. */
export async function listSiteBuilds(deps: Deps, limit: number): Promise<SiteBuildRow[]> {
  return deps.read((db) => db.select().from(siteBuilds).orderBy(desc(siteBuilds.id)).limit(limit));
}
