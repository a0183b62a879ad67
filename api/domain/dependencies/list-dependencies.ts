import { asc, gt } from "drizzle-orm";
import { dependencies } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { pageInput } from "../schemas.ts";
import { type Call, parseInput } from "../verb.ts";
import type { DependencyWithImpacts } from "./create-dependency.ts";
import { impactsOf } from "./dependency-store.ts";

/** Dependencies with their impacts, in id order, a page at a time. */
export async function listDependencies(
  call: Call<typeof pageInput>,
): Promise<{ dependencies: DependencyWithImpacts[]; nextCursor: string | null }> {
  const input = parseInput(pageInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  return deps.read(async (db) => {
    const rows = await db
      .select()
      .from(dependencies)
      .where(input.after ? gt(dependencies.id, input.after) : undefined)
      .orderBy(asc(dependencies.id))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    const impacts = await impactsOf(
      db,
      page.map((r) => r.id),
    );
    return {
      dependencies: page.map((dependency) => ({ dependency, impacts: impacts.get(dependency.id) ?? [] })),
      nextCursor: rows.length > input.limit ? page.at(-1)!.id : null,
    };
  });
}
