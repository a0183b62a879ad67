import type { ComponentRow } from "../../domain/components/component-store.ts";

/** One line of the public page's component list: a component alone, or a group with its components. */
export type PageEntry =
  | { kind: "component"; component: ComponentRow }
  | { kind: "group"; group: ComponentRow; children: ComponentRow[] };

const byPosition = (a: ComponentRow, b: ComponentRow) =>
  a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime();

/**
 * The components as the public page lists them: top-level entries by position, groups and lone
 * components mixed, each group's components by position under it. Empty groups are left out: they
 * have nothing to set.
 */
export function pageOrder(components: ComponentRow[]): PageEntry[] {
  const children = new Map<string, ComponentRow[]>();
  for (const c of components)
    if (c.groupId && !c.isGroup) children.set(c.groupId, [...(children.get(c.groupId) ?? []), c]);
  const out: PageEntry[] = [];
  for (const c of components.filter((c) => !c.groupId).sort(byPosition)) {
    if (!c.isGroup) out.push({ kind: "component", component: c });
    else {
      const kids = (children.get(c.id) ?? []).sort(byPosition);
      if (kids.length) out.push({ kind: "group", group: c, children: kids });
    }
  }
  return out;
}

/** The leaf components in page order. */
export const leavesInPageOrder = (components: ComponentRow[]) =>
  pageOrder(components).flatMap((e) => (e.kind === "group" ? e.children : [e.component]));
