import { eq } from "drizzle-orm";
import { applyDependencyChange } from "../../api/domain/dependencies/apply-dependency-change.ts";
import type { DependencyChange } from "../../api/domain/dependencies/dependency-change.ts";
import { newId } from "../../api/domain/ids.ts";
import { expandNotifications } from "../../api/notifier/expand-notifications.ts";
import type {
  ComponentStatus,
  DependencyPolicy,
  DependencyState,
  UpstreamIncident,
} from "../../db/schema/index.ts";
import {
  components,
  deliveries,
  dependencies,
  dependencyImpacts,
  dependencyIncidents,
  incidents,
  outboxEvents,
  subscribers,
} from "../../db/schema/index.ts";
import type { TestDb } from "./harness.ts";
import { perTest } from "./per-test.ts";
import { insertSubscriber } from "./seed-subscribers.ts";

export interface ImpactSpec {
  component: string;
  on: DependencyState;
  set: ComponentStatus;
}

/**
 * Rows for the monitor's side of incidents, inserted directly (the dependency CRUD is not under test
 * here), and a way to feed confirmed state changes to `applyDependencyChange` as the poller does.
 */
export function monitorRig(t: TestDb) {
  const now = () => t.clock.now();
  const states = new Map<string, DependencyState>();

  const component = async (name: string, status: ComponentStatus = "operational") => {
    const id = newId("component");
    const position = (await t.deps.read((db) => db.select().from(components))).length;
    await t.deps.write((tx) =>
      tx.insert(components).values({ id, name, status, position, createdAt: now(), updatedAt: now() }),
    );
    return id;
  };

  const dependency = async (name: string, impacts: ImpactSpec[], policy: DependencyPolicy = "draft") => {
    const id = newId("dependency");
    await t.deps.write(async (tx) => {
      await tx.insert(dependencies).values({
        id,
        name,
        sourceKind: "statuspage",
        source: { kind: "statuspage", base_url: "http://127.0.0.1:9" },
        policy,
        state: "operational",
        nextCheckAt: now(),
        createdAt: now(),
        updatedAt: now(),
      });
      for (const i of impacts)
        await tx
          .insert(dependencyImpacts)
          .values({ dependencyId: id, componentId: i.component, onState: i.on, setStatus: i.set });
    });
    states.set(id, "operational");
    return id;
  };

  /** A confirmed change, one minute after the last, saved on the row and applied in one transaction. */
  const change = async (dependencyId: string, next: DependencyState, upstream: UpstreamIncident[] = []) => {
    t.clock.advance(60_000);
    const [row] = await t.deps.read((db) =>
      db.select().from(dependencies).where(eq(dependencies.id, dependencyId)),
    );
    const input: DependencyChange = {
      dependencyId,
      dependencyName: row!.name,
      previous: states.get(dependencyId) ?? row!.state,
      next,
      upstreamIncidents: upstream,
      at: now(),
    };
    await t.deps.write(async (tx) => {
      await tx
        .update(dependencies)
        .set({ state: next, upstreamIncidents: upstream, lastChangedAt: now() })
        .where(eq(dependencies.id, dependencyId));
      await applyDependencyChange(tx, t.deps, input);
    });
    states.set(dependencyId, next);
  };

  const subscriber = (address: string, follows: string[] = []) =>
    t.deps.write((tx) =>
      insertSubscriber(tx, { channel: "email", address, confirmedAt: now(), follows, at: now() }),
    );

  /** Runs the notifier's expansion and returns who got a delivery, by address. */
  const notified = async () => {
    await expandNotifications(t.deps);
    const rows = await t.deps.read((db) =>
      db
        .select({ address: subscribers.address, kind: deliveries.kind, incidentId: deliveries.incidentId })
        .from(deliveries)
        .innerJoin(subscribers, eq(subscribers.id, deliveries.subscriberId)),
    );
    return rows;
  };

  const statusOf = async (id: string) =>
    (await t.deps.read((db) => db.select().from(components).where(eq(components.id, id))))[0]!.status;

  const incidentsOf = (dependencyId: string) =>
    t.deps.read((db) =>
      db
        .select({ incident: incidents, link: dependencyIncidents })
        .from(dependencyIncidents)
        .innerJoin(incidents, eq(incidents.id, dependencyIncidents.incidentId))
        .where(eq(dependencyIncidents.dependencyId, dependencyId)),
    );

  const events = async (prefix = "") =>
    (await t.deps.read((db) => db.select().from(outboxEvents).orderBy(outboxEvents.seq))).filter((e) =>
      e.type.startsWith(prefix),
    );

  return { component, dependency, change, subscriber, notified, statusOf, incidentsOf, events };
}

export type MonitorRig = ReturnType<typeof monitorRig>;

/** A monitor rig on `t` (a per-test database) for each test of the file. */
export function monitorRigForEachTest(t: TestDb): MonitorRig {
  return perTest(
    async () => monitorRig(t),
    () => {},
  );
}
