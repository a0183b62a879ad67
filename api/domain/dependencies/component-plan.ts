import { asc, eq, inArray } from "drizzle-orm";
import type { ComponentStatus, DependencyState } from "../../../db/schema/enums.ts";
import { components, dependencies, dependencyImpacts } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { actingPublishedLinks, type DependencyLink, saveApplied } from "../incidents/dependency-links.ts";
import { worstStatus } from "../status-rules.ts";
import { impactApplies, isWorse } from "./dependency-severity.ts";

export interface PlanInput {
  dependencyId: string;
  /** The dependency's new state (it may not be saved on its row yet). */
  state: DependencyState;
  /** Whether the dependency's incident is (or is about to be) public, so its impacts may show. */
  dependencyPublic: boolean;
  /** Components to look at besides those the dependency hits now (those it held before). */
  also?: string[];
}

export interface ComponentPlan {
  /** Components the dependency hits now, in page order, each with the worst status any acting dependency asks. */
  proposal: Record<string, ComponentStatus>;
  names: Map<string, string>;
  /** What each component looked at shows once the plan is applied (unchanged unless the monitor may move it). */
  statuses: Record<string, ComponentStatus>;
  /** The statuses that change when the plan is applied. */
  changes: Record<string, ComponentStatus>;
  /** Components whose status is the monitor's to hold (set now or earlier, not changed by an admin since). */
  managed: Set<string>;
  /** Per component, the dependencies whose public impacts apply to it. */
  holders: Map<string, Set<string>>;
  links: DependencyLink[];
}

/**
 * Works out component statuses from every dependency at once: the worst applicable impact wins. The
 * monitor may raise any status, but lowers one only if it set it and no admin has changed it since
 * (some open dependency incident recorded exactly the status the component still has).
 */
export async function planComponents(tx: Tx, input: PlanInput): Promise<ComponentPlan> {
  const own = await tx
    .select()
    .from(dependencyImpacts)
    .where(eq(dependencyImpacts.dependencyId, input.dependencyId));
  const hit = own.filter((i) => i.setStatus !== "operational" && impactApplies(i.onState, input.state));
  const ids = [...new Set([...hit.map((i) => i.componentId), ...(input.also ?? [])])];
  const rows = ids.length
    ? await tx
        .select({ impact: dependencyImpacts, state: dependencies.state, enabled: dependencies.enabled })
        .from(dependencyImpacts)
        .innerJoin(dependencies, eq(dependencies.id, dependencyImpacts.dependencyId))
        .where(inArray(dependencyImpacts.componentId, ids))
    : [];
  const asks = new Map<string, Map<string, ComponentStatus>>();
  for (const { impact, state, enabled } of rows) {
    const mine = impact.dependencyId === input.dependencyId;
    if (!mine && !enabled) continue;
    if (impact.setStatus === "operational" || !impactApplies(impact.onState, mine ? input.state : state))
      continue;
    const byDependency = asks.get(impact.componentId) ?? new Map<string, ComponentStatus>();
    const previous = byDependency.get(impact.dependencyId);
    byDependency.set(
      impact.dependencyId,
      previous ? worstStatus([previous, impact.setStatus]) : impact.setStatus,
    );
    asks.set(impact.componentId, byDependency);
  }
  // A dependency keeps what it set until its own change releases it: one that turned unknown (or went
  // under maintenance) still holds its components, so another provider's change cannot lower them.
  const links = await actingPublishedLinks(tx);
  for (const link of links) {
    if (link.dependencyId === input.dependencyId) continue;
    for (const id of ids) {
      const held = link.applied[id];
      const byDependency = asks.get(id) ?? new Map<string, ComponentStatus>();
      if (held && !byDependency.has(link.dependencyId)) byDependency.set(link.dependencyId, held);
      asks.set(id, byDependency);
    }
  }
  const found = ids.length
    ? await tx
        .select()
        .from(components)
        .where(inArray(components.id, ids))
        .orderBy(asc(components.position), asc(components.name))
    : [];
  const leaves = found.filter((c) => !c.isGroup);
  const publicDependencies = new Set(links.map((l) => l.dependencyId));
  if (input.dependencyPublic) publicDependencies.add(input.dependencyId);
  else publicDependencies.delete(input.dependencyId);

  const plan: ComponentPlan = {
    proposal: {},
    names: new Map(),
    statuses: {},
    changes: {},
    managed: new Set(),
    holders: new Map(),
    links,
  };
  for (const component of leaves) {
    const byDependency = asks.get(component.id) ?? new Map<string, ComponentStatus>();
    plan.names.set(component.id, component.name);
    if (byDependency.has(input.dependencyId))
      plan.proposal[component.id] = worstStatus(byDependency.values());
    const holders = new Set([...byDependency.keys()].filter((d) => publicDependencies.has(d)));
    plan.holders.set(component.id, holders);
    const target = worstStatus([...holders].map((d) => byDependency.get(d)!));
    const current = component.status;
    const owned = links.some((l) => l.applied[component.id] === current);
    const moves = isWorse(target, current) || (owned && target !== current);
    plan.statuses[component.id] = moves ? target : current;
    if (moves) plan.changes[component.id] = target;
    if (moves || owned) plan.managed.add(component.id);
  }
  return plan;
}

/**
 * Records, on every open dependency incident that holds a component, the status the monitor left it
 * in; the changed dependency lets go of what it no longer holds or what an admin has taken over.
 */
export async function recordHolders(
  tx: Tx,
  plan: ComponentPlan,
  dependencyId: string,
  ownLink?: DependencyLink,
): Promise<void> {
  const links =
    ownLink && !plan.links.some((l) => l.incidentId === ownLink.incidentId)
      ? [...plan.links, ownLink]
      : plan.links;
  for (const link of links) {
    const before = JSON.stringify(link.applied);
    for (const [componentId, status] of Object.entries(plan.statuses)) {
      const holds = plan.holders.get(componentId)?.has(link.dependencyId) ?? false;
      if (plan.managed.has(componentId) && holds) link.applied[componentId] = status;
      else if (plan.managed.has(componentId) || link.dependencyId === dependencyId)
        delete link.applied[componentId];
    }
    if (JSON.stringify(link.applied) !== before) await saveApplied(tx, link);
  }
}
