import { and, desc, eq, lt } from "drizzle-orm";
import { dependencyObservations } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { type Call, parseInput } from "../verb.ts";
import type { DependencyWithImpacts } from "./create-dependency.ts";
import { getDependencyRow, impactsOf } from "./dependency-store.ts";
import { getDependencyInput } from "./schemas.ts";

export type ObservationRow = typeof dependencyObservations.$inferSelect;

export interface DependencyDetail extends DependencyWithImpacts {
  /** Confirmed state changes, newest first. */
  history: ObservationRow[];
  /** Pass as `history_before` for older changes; null at the end. */
  historyCursor: string | null;
}

/** A dependency, its impacts and a page of its history (the checks that changed its state). */
export async function getDependency(call: Call<typeof getDependencyInput>): Promise<DependencyDetail> {
  const { id, historyLimit, historyBefore } = parseInput(getDependencyInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  return deps.read(async (db) => {
    const dependency = await getDependencyRow(db, id);
    const before =
      historyBefore !== undefined && /^\d+$/.test(historyBefore) ? Number(historyBefore) : undefined;
    const rows = await db
      .select()
      .from(dependencyObservations)
      .where(
        and(
          eq(dependencyObservations.dependencyId, id),
          before === undefined ? undefined : lt(dependencyObservations.id, before),
        ),
      )
      .orderBy(desc(dependencyObservations.id))
      .limit(historyLimit + 1);
    const history = rows.slice(0, historyLimit);
    return {
      dependency,
      impacts: (await impactsOf(db, [id])).get(id) ?? [],
      history,
      historyCursor: rows.length > historyLimit ? String(history.at(-1)!.id) : null,
    };
  });
}
