import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../../api/domain/components/create-component.ts";
import { createGroup } from "../../../../api/domain/components/create-group.ts";
import type { Actor } from "../../../../api/domain/context.ts";
import { nextSlot } from "../../../../api/domain/dependencies/check-schedule.ts";
import { createDependency } from "../../../../api/domain/dependencies/create-dependency.ts";
import { deleteDependency } from "../../../../api/domain/dependencies/delete-dependency.ts";
import { getDependency } from "../../../../api/domain/dependencies/get-dependency.ts";
import { listDependencies } from "../../../../api/domain/dependencies/list-dependencies.ts";
import { requestCheck } from "../../../../api/domain/dependencies/request-check.ts";
import { updateDependency } from "../../../../api/domain/dependencies/update-dependency.ts";
import { auditLog, outboxEvents } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const editor: Actor = { id: "token:editor", role: "editor" };
const viewer: Actor = { id: "token:viewer", role: "viewer" };
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const stripe = { kind: "statuspage" as const, base_url: "https://www.stripestatus.com" };

describe("creating a dependency", () => {
  it("applies the defaults, starts unknown and is first due at its own slot within one interval", async () => {
    const checkout = await createComponent({
      ctx: { deps: t.deps, actor: editor },
      input: { name: "Checkout" },
    });
    const { dependency, impacts } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: {
        name: "Stripe",
        source: stripe,
        impacts: [{ component_id: checkout.id, on: "major_outage", set: "partial_outage" }],
      },
    });
    expect(dependency).toMatchObject({
      id: expect.stringMatching(/^dep_[0-9a-z]{16}$/),
      name: "Stripe",
      sourceKind: "statuspage",
      pollIntervalSeconds: 60,
      policy: "draft",
      confirmations: 2,
      enabled: true,
      state: "unknown",
      nextCheckAt: nextSlot(dependency.id, 60, t.clock.now(), true),
    });
    const wait = dependency.nextCheckAt.getTime() - t.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(0);
    expect(wait).toBeLessThan(60_000);
    expect(impacts).toEqual([
      {
        dependencyId: dependency.id,
        componentId: checkout.id,
        onState: "major_outage",
        setStatus: "partial_outage",
        criticality: "high",
        alternativeGroup: null,
      },
    ]);
  });

  it("takes its source and name from the catalog", async () => {
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { catalog_id: "aws/ec2/eu-west-3" },
    });
    expect(dependency.name).toBe("AWS / EC2 / eu-west-3");
    expect(dependency.source).toMatchObject({ kind: "aws", service: "ec2", region: "eu-west-3" });
    const named = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { catalog_id: "stripe", name: "Payments (Stripe)" },
    });
    expect(named.dependency.name).toBe("Payments (Stripe)");
  });

  it("refuses unclear sources with a message saying what to give", async () => {
    await expect(
      createDependency({ ctx: { deps: t.deps, actor: editor }, input: { name: "X" } }),
    ).rejects.toThrow(/Give a `source`.*catalog_id/);
    await expect(
      createDependency({
        ctx: { deps: t.deps, actor: editor },
        input: { name: "X", source: stripe, catalog_id: "stripe" },
      }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("not both") });
    await expect(
      createDependency({ ctx: { deps: t.deps, actor: editor }, input: { catalog_id: "aws/ec2/mars-1" } }),
    ).rejects.toMatchObject({
      code: "invalid_reference",
      message: expect.stringContaining('"aws/ec2/mars-1" is not in the catalog'),
    });
    await expect(
      createDependency({ ctx: { deps: t.deps, actor: editor }, input: { source: stripe } }),
    ).rejects.toThrow(/name: required/);
  });

  it("refuses impacts on unknown components, groups, or twice the same, naming the culprit", async () => {
    const group = await createGroup({ ctx: { deps: t.deps, actor: editor }, input: { name: "Payments" } });
    const api = await createComponent({ ctx: { deps: t.deps, actor: editor }, input: { name: "API" } });
    const impact = (component_id: string) => ({
      component_id,
      on: "major_outage" as const,
      set: "major_outage" as const,
    });
    await expect(
      createDependency({
        ctx: { deps: t.deps, actor: editor },
        input: {
          name: "S",
          source: stripe,
          impacts: [impact(api.id), impact("cmp_nope")],
        },
      }),
    ).rejects.toMatchObject({
      code: "invalid_reference",
      message: 'impacts.1.component_id: component "cmp_nope" does not exist.',
    });
    await expect(
      createDependency({
        ctx: { deps: t.deps, actor: editor },
        input: { name: "S", source: stripe, impacts: [impact(group.id)] },
      }),
    ).rejects.toThrow(/is a group/);
    await expect(
      createDependency({
        ctx: { deps: t.deps, actor: editor },
        input: {
          name: "S",
          source: stripe,
          impacts: [impact(api.id), impact(api.id)],
        },
      }),
    ).rejects.toThrow(/already has an impact on "major_outage"/);
    expect(
      (await listDependencies({ ctx: { deps: t.deps, actor: editor }, input: { limit: 10 } })).dependencies,
    ).toEqual([]);
  });

  it("is for editors; viewers may read", async () => {
    await expect(
      createDependency({ ctx: { deps: t.deps, actor: viewer }, input: { name: "S", source: stripe } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { name: "S", source: stripe },
    });
    await expect(
      updateDependency({ ctx: { deps: t.deps, actor: viewer }, input: { id: dependency.id, name: "T" } }),
    ).rejects.toThrow(/editor role/);
    await expect(
      deleteDependency({ ctx: { deps: t.deps, actor: viewer }, input: { id: dependency.id } }),
    ).rejects.toThrow(/editor role/);
    await expect(
      requestCheck({ ctx: { deps: t.deps, actor: viewer }, input: { id: dependency.id } }),
    ).rejects.toThrow(/editor role/);
    expect(
      (
        await getDependency({
          ctx: { deps: t.deps, actor: viewer },
          input: { id: dependency.id, historyLimit: 5 },
        })
      ).dependency.name,
    ).toBe("S");
  });

  it("writes an audit row and nothing to the outbox: dependencies are not public", async () => {
    const before = (await t.deps.db.select().from(outboxEvents)).length;
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: editor },
      input: { name: "S", source: stripe },
    });
    expect(await t.deps.db.select().from(outboxEvents)).toHaveLength(before);
    const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.entityId, dependency.id));
    expect(audit).toMatchObject({
      action: "dependency.create",
      actor: "token:editor",
      entityType: "dependency",
    });
  });
});
