import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { dependencies, dependencyImpacts } from "../../../db/schema/index.ts";
import { findComponent } from "../components/component-store.ts";
import type { Tx } from "../context.ts";
import { DomainError, notFound } from "../errors.ts";
import { findCatalogEntry } from "./catalog.ts";
import type { CreateDependencyInput, ImpactInput } from "./schemas.ts";
import { type SourceConfig, sourceSchema } from "./source-schema.ts";

export type DependencyRow = typeof dependencies.$inferSelect;
export type ImpactRow = typeof dependencyImpacts.$inferSelect;

export async function getDependencyRow(db: Db | Tx, id: string): Promise<DependencyRow> {
  const [row] = await db.select().from(dependencies).where(eq(dependencies.id, id));
  if (!row) throw notFound("Dependency", id);
  return row;
}

export async function impactsOf(db: Db | Tx, ids: string[]): Promise<Map<string, ImpactRow[]>> {
  const byDependency = new Map<string, ImpactRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byDependency;
  const rows = await db
    .select()
    .from(dependencyImpacts)
    .where(inArray(dependencyImpacts.dependencyId, ids))
    .orderBy(asc(dependencyImpacts.componentId), asc(dependencyImpacts.onState));
  for (const row of rows) byDependency.get(row.dependencyId)?.push(row);
  return byDependency;
}

/**
 * The source a create or update asks for: given as is, or taken from the catalog. Returns undefined
 * when neither is given (an update that keeps its source).
 */
export function chooseSource(
  input: Pick<CreateDependencyInput, "source" | "catalog_id">,
): { source: SourceConfig; catalogName?: string } | undefined {
  if (input.source && input.catalog_id)
    throw new DomainError(
      "invalid_input",
      "Give either `source` or `catalog_id`, not both: `catalog_id` picks a ready-made source.",
    );
  if (input.source) {
    const parsed = sourceSchema.safeParse(input.source);
    if (!parsed.success)
      throw new DomainError(
        "invalid_input",
        `source: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
      );
    return { source: parsed.data };
  }
  if (input.catalog_id === undefined) return undefined;
  const entry = findCatalogEntry(input.catalog_id);
  if (!entry)
    throw new DomainError(
      "invalid_reference",
      `catalog_id: ${JSON.stringify(input.catalog_id)} is not in the catalog; search it with GET /api/admin/dependency-catalog?q=…`,
    );
  return { source: entry.source, catalogName: entry.name };
}

/** Replaces a dependency's impacts; every component must exist, and be a component, not a group. */
export async function replaceImpacts(
  tx: Tx,
  dependencyId: string,
  impacts: ImpactInput[],
): Promise<ImpactRow[]> {
  const seen = new Set<string>();
  const rows: ImpactRow[] = [];
  for (const [index, impact] of impacts.entries()) {
    const where = `impacts.${index}.component_id`;
    const component = await findComponent(tx, impact.component_id);
    if (!component)
      throw new DomainError(
        "invalid_reference",
        `${where}: component ${JSON.stringify(impact.component_id)} does not exist.`,
      );
    if (component.isGroup)
      throw new DomainError(
        "invalid_reference",
        `${where}: ${JSON.stringify(impact.component_id)} is a group; name its components instead.`,
      );
    const key = `${impact.component_id} ${impact.on}`;
    if (seen.has(key))
      throw new DomainError(
        "invalid_input",
        `impacts.${index}: component ${JSON.stringify(impact.component_id)} already has an impact on "${impact.on}"; keep one.`,
      );
    seen.add(key);
    rows.push({
      dependencyId,
      componentId: impact.component_id,
      onState: impact.on,
      setStatus: impact.set,
      criticality: impact.criticality ?? "high",
      alternativeGroup: impact.alternative_group ?? null,
    });
  }
  await tx.delete(dependencyImpacts).where(eq(dependencyImpacts.dependencyId, dependencyId));
  if (rows.length) await tx.insert(dependencyImpacts).values(rows);
  return rows;
}
