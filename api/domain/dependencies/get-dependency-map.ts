import { asc, eq } from "drizzle-orm";
import { components, dependencies, dependencyImpacts } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { ComponentStatus, DependencyState } from "../types.ts";
import type { Ctx } from "../verb.ts";
import type { ImpactRow } from "./dependency-store.ts";

export interface SinglePointOfFailure {
  componentId: string;
  componentName: string;
  dependencyId: string;
  dependencyName: string;
}

export interface DependencyMap {
  components: { id: string; name: string; status: ComponentStatus; groupId: string | null }[];
  dependencies: { id: string; name: string; state: DependencyState; enabled: boolean }[];
  impacts: ImpactRow[];
  singlePointsOfFailure: SinglePointOfFailure[];
}

/**
 * Where we are fragile: a component that needs a dependency critically, with no other dependency of
 * that component in the same alternative group to fall back on.
 */
export function singlePointsOfFailure(impacts: ImpactRow[]): { componentId: string; dependencyId: string }[] {
  const pairs = new Map<
    string,
    { componentId: string; dependencyId: string; critical: boolean; groups: Set<string> }
  >();
  for (const impact of impacts) {
    const key = `${impact.componentId}\u0000${impact.dependencyId}`;
    const pair = pairs.get(key) ?? {
      componentId: impact.componentId,
      dependencyId: impact.dependencyId,
      critical: false,
      groups: new Set<string>(),
    };
    pair.critical ||= impact.criticality === "critical";
    if (impact.alternativeGroup !== null) pair.groups.add(impact.alternativeGroup);
    pairs.set(key, pair);
  }
  const all = [...pairs.values()];
  return all
    .filter(
      (pair) =>
        pair.critical &&
        !all.some(
          (other) =>
            other.componentId === pair.componentId &&
            other.dependencyId !== pair.dependencyId &&
            [...other.groups].some((g) => pair.groups.has(g)),
        ),
    )
    .map(({ componentId, dependencyId }) => ({ componentId, dependencyId }));
}

export async function getDependencyMap({ ctx: { deps, actor } }: { ctx: Ctx }): Promise<DependencyMap> {
  authorize(actor, "viewer");
  return deps.read(async (db) => {
    const componentRows = await db
      .select({
        id: components.id,
        name: components.name,
        status: components.status,
        groupId: components.groupId,
      })
      .from(components)
      .where(eq(components.isGroup, false))
      .orderBy(asc(components.position), asc(components.id));
    const dependencyRows = await db
      .select({
        id: dependencies.id,
        name: dependencies.name,
        state: dependencies.state,
        enabled: dependencies.enabled,
      })
      .from(dependencies)
      .orderBy(asc(dependencies.name), asc(dependencies.id));
    const impacts = await db
      .select()
      .from(dependencyImpacts)
      .orderBy(
        asc(dependencyImpacts.componentId),
        asc(dependencyImpacts.dependencyId),
        asc(dependencyImpacts.onState),
      );
    const componentName = new Map(componentRows.map((c) => [c.id, c.name]));
    const dependencyName = new Map(dependencyRows.map((d) => [d.id, d.name]));
    // In the order of the map: components as on the page, then dependencies by name.
    const rank = new Map([...componentRows, ...dependencyRows].map((row, i) => [row.id, i]));
    const spofs = singlePointsOfFailure(impacts).sort(
      (a, b) =>
        (rank.get(a.componentId) ?? 0) - (rank.get(b.componentId) ?? 0) ||
        (rank.get(a.dependencyId) ?? 0) - (rank.get(b.dependencyId) ?? 0),
    );
    return {
      components: componentRows,
      dependencies: dependencyRows,
      impacts,
      singlePointsOfFailure: spofs.map((s) => ({
        ...s,
        componentName: componentName.get(s.componentId) ?? s.componentId,
        dependencyName: dependencyName.get(s.dependencyId) ?? s.dependencyId,
      })),
    };
  });
}
