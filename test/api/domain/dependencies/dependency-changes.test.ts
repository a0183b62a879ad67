import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../../api/domain/components/create-component.ts";
import { deleteComponent } from "../../../../api/domain/components/delete-component.ts";
import type { Actor } from "../../../../api/domain/context.ts";
import { createDependency } from "../../../../api/domain/dependencies/create-dependency.ts";
import { deleteDependency } from "../../../../api/domain/dependencies/delete-dependency.ts";
import { getDependency } from "../../../../api/domain/dependencies/get-dependency.ts";
import { listDependencies } from "../../../../api/domain/dependencies/list-dependencies.ts";
import { requestCheck } from "../../../../api/domain/dependencies/request-check.ts";
import { updateDependency } from "../../../../api/domain/dependencies/update-dependency.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const editor: Actor = { id: "token:editor", role: "editor" };
const viewer: Actor = { id: "token:viewer", role: "viewer" };
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const stripe = { kind: "statuspage" as const, base_url: "https://www.stripestatus.com" };

describe("changing a dependency", () => {
  it("replaces the impacts and keeps them when not given", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor: editor }, input: { name: "A" } });
    const b = await createComponent({ ctx: { deps: t.deps, actor: editor }, input: { name: "B" } });
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: {
        name: "S",
        source: stripe,
        impacts: [{ component_id: a.id, on: "partial_outage", set: "degraded_performance" }],
      },
    });
    const renamed = await updateDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { id: dependency.id, name: "Stripe", policy: "publish" },
    });
    expect(renamed.impacts.map((i) => i.componentId)).toEqual([a.id]);
    const moved = await updateDependency({
      ctx: { deps: t.deps, actor: editor },
      input: {
        id: dependency.id,
        impacts: [{ component_id: b.id, on: "major_outage", set: "major_outage", criticality: "critical" }],
      },
    });
    expect(moved.dependency).toMatchObject({ name: "Stripe", policy: "publish" });
    expect(moved.impacts).toMatchObject([{ componentId: b.id, criticality: "critical" }]);
    const cleared = await updateDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { id: dependency.id, impacts: [] },
    });
    expect(cleared.impacts).toEqual([]);
  });

  it("a new source forgets the old validators and pending state, and is due at once", async () => {
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { name: "S", source: stripe },
    });
    t.clock.advance(3_600_000);
    const changed = await updateDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { id: dependency.id, catalog_id: "github" },
    });
    expect(changed.dependency).toMatchObject({
      source: { kind: "statuspage", base_url: "https://www.githubstatus.com" },
      etag: null,
      candidateState: null,
      nextCheckAt: t.clock.now(),
      name: "S",
    });
  });

  it("refuses an unknown id before looking at the body", async () => {
    await expect(
      updateDependency({
        ctx: { deps: t.deps, actor: editor },
        input: { id: "dep_nope", impacts: [{ component_id: "cmp_x", on: "unknown", set: "major_outage" }] },
      }),
    ).rejects.toMatchObject({ code: "not_found", message: 'Dependency "dep_nope" does not exist.' });
  });

  it("drops the impacts of a deleted component, and deletes with its impacts", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor: editor }, input: { name: "A" } });
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: {
        name: "S",
        source: stripe,
        impacts: [{ component_id: a.id, on: "major_outage", set: "major_outage" }],
      },
    });
    await deleteComponent({ ctx: { deps: t.deps, actor: editor }, input: { id: a.id, kind: "component" } });
    expect(
      (
        await getDependency({
          ctx: { deps: t.deps, actor: editor },
          input: { id: dependency.id, historyLimit: 1 },
        })
      ).impacts,
    ).toEqual([]);
    await deleteDependency({ ctx: { deps: t.deps, actor: editor }, input: { id: dependency.id } });
    await expect(
      getDependency({ ctx: { deps: t.deps, actor: editor }, input: { id: dependency.id, historyLimit: 1 } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("check now makes it due; a disabled one must be enabled first", async () => {
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: {
        name: "S",
        source: stripe,
        enabled: false,
      },
    });
    await expect(
      requestCheck({ ctx: { deps: t.deps, actor: editor }, input: { id: dependency.id } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining('"enabled": true'),
    });
    t.clock.advance(600_000);
    const enabled = await updateDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { id: dependency.id, enabled: true },
    });
    expect(enabled.dependency.nextCheckAt).toEqual(t.clock.now());
    t.clock.advance(5_000);
    expect(
      (await requestCheck({ ctx: { deps: t.deps, actor: editor }, input: { id: dependency.id } })).dependency
        .nextCheckAt,
    ).toEqual(t.clock.now());
  });
});

describe("listing", () => {
  it("pages through dependencies in id order", async () => {
    for (const name of ["A", "B", "C", "D", "E"])
      await createDependency({ ctx: { deps: t.deps, actor: editor }, input: { name, source: stripe } });
    const first = await listDependencies({ ctx: { deps: t.deps, actor: viewer }, input: { limit: 2 } });
    const second = await listDependencies({
      ctx: { deps: t.deps, actor: viewer },
      input: { limit: 2, after: first.nextCursor! },
    });
    const third = await listDependencies({
      ctx: { deps: t.deps, actor: viewer },
      input: { limit: 2, after: second.nextCursor! },
    });
    const ids = [...first.dependencies, ...second.dependencies, ...third.dependencies].map(
      (d) => d.dependency.id,
    );
    expect(ids).toHaveLength(5);
    expect([...ids].sort()).toEqual(ids);
    expect(third.nextCursor).toBeNull();
  });
});
