import type { SourceConfigOf } from "../../domain/dependencies/source-schema.ts";
import { nameKey } from "./states.ts";
import type { SummaryComponent } from "./statuspage-summary.ts";

export type Watch =
  /** Component ids to read (never group rows: a group's own status is a roll-up of its children). */
  | { kind: "components"; ids: Set<string> }
  /** Nothing configured and the page lists no components: its overall indicator is all we have. */
  | { kind: "indicator" }
  /** A filter was configured and nothing on the page matches any more (renamed or removed upstream). */
  | { kind: "nothing"; wanted: string[] };

/**
 * Which upstream components a dependency watches: all of them, or those named (by id, by name, or
 * by "Group - Name" as Statuspage writes it in updates) plus every child of the groups named.
 */
export function watchedComponents(
  components: SummaryComponent[],
  source: SourceConfigOf<"statuspage">,
): Watch {
  const leaves = components.filter((c) => !c.group);
  const groups = components.filter((c) => c.group);
  const wantedComponents = source.components ?? [];
  const wantedGroups = source.groups ?? [];
  if (wantedComponents.length === 0 && wantedGroups.length === 0) {
    return leaves.length > 0
      ? { kind: "components", ids: new Set(leaves.map((c) => c.id)) }
      : { kind: "indicator" };
  }

  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const childrenOf = (group: SummaryComponent) =>
    leaves.filter((c) => c.group_id === group.id || (group.components ?? []).includes(c.id));
  const isNamed = (c: SummaryComponent, wanted: string) => {
    if (c.id === wanted || nameKey(c.name) === nameKey(wanted)) return true;
    const parent = c.group_id ? groupName.get(c.group_id) : undefined;
    return parent !== undefined && nameKey(`${parent} - ${c.name}`) === nameKey(wanted);
  };

  const ids = new Set<string>();
  for (const wanted of wantedComponents) {
    for (const c of leaves) if (isNamed(c, wanted)) ids.add(c.id);
    // A group named among components means all of it.
    for (const g of groups) if (isNamed(g, wanted)) for (const c of childrenOf(g)) ids.add(c.id);
  }
  for (const wanted of wantedGroups) {
    for (const g of groups) if (isNamed(g, wanted)) for (const c of childrenOf(g)) ids.add(c.id);
  }
  return ids.size > 0
    ? { kind: "components", ids }
    : { kind: "nothing", wanted: [...wantedComponents, ...wantedGroups] };
}
