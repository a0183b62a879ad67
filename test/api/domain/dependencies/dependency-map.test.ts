import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../../api/domain/components/create-component.ts";
import { systemActor } from "../../../../api/domain/context.ts";
import { createDependency } from "../../../../api/domain/dependencies/create-dependency.ts";
import { getDependencyMap } from "../../../../api/domain/dependencies/get-dependency-map.ts";
import type { ImpactInput } from "../../../../api/domain/dependencies/schemas.ts";
import { updateDependency } from "../../../../api/domain/dependencies/update-dependency.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const admin = systemActor("test");
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const dependency = async (name: string, impacts: ImpactInput[]) =>
  (
    await createDependency({
      ctx: { deps: t.deps, actor: admin },
      input: {
        name,
        source: { kind: "http", url: "https://example.com" },
        impacts,
      },
    })
  ).dependency.id;
const critical = (component_id: string, alternative_group?: string): ImpactInput => ({
  component_id,
  on: "major_outage",
  set: "major_outage",
  criticality: "critical",
  ...(alternative_group && { alternative_group }),
});
const spofs = async () =>
  (await getDependencyMap({ ctx: { deps: t.deps, actor: admin } })).singlePointsOfFailure.map(
    (s) => `${s.componentName} ← ${s.dependencyName}`,
  );

describe("single points of failure", () => {
  it("are critical dependencies with no alternative", async () => {
    const checkout = (
      await createComponent({ ctx: { deps: t.deps, actor: admin }, input: { name: "Checkout" } })
    ).id;
    const email = (await createComponent({ ctx: { deps: t.deps, actor: admin }, input: { name: "Email" } }))
      .id;
    await dependency("Stripe", [critical(checkout)]);
    await dependency("Datadog", [
      { component_id: checkout, on: "major_outage", set: "degraded_performance", criticality: "low" },
    ]);
    await dependency("Resend", [critical(email, "mail")]);
    expect(await spofs()).toEqual(["Checkout ← Stripe", "Email ← Resend"]);
  });

  it("disappear when another dependency of that component is in the same alternative group", async () => {
    const email = (await createComponent({ ctx: { deps: t.deps, actor: admin }, input: { name: "Email" } }))
      .id;
    const other = (await createComponent({ ctx: { deps: t.deps, actor: admin }, input: { name: "Other" } }))
      .id;
    await dependency("Resend", [critical(email, "mail")]);
    // Same group, but for another component: no help to Email.
    const ses = await dependency("SES", [critical(other, "mail")]);
    expect(await spofs()).toEqual(["Email ← Resend", "Other ← SES"]);
    await updateDependency({
      ctx: { deps: t.deps, actor: admin },
      input: { id: ses, impacts: [critical(email, "mail"), critical(other, "mail")] },
    });
    expect(await spofs()).toEqual(["Other ← SES"]);
    // Another group is no alternative.
    await updateDependency({
      ctx: { deps: t.deps, actor: admin },
      input: { id: ses, impacts: [critical(email, "smtp"), critical(other, "mail")] },
    });
    expect(await spofs()).toEqual(["Email ← Resend", "Email ← SES", "Other ← SES"]);
  });

  it("come with every component, dependency and impact of the map", async () => {
    const checkout = (
      await createComponent({ ctx: { deps: t.deps, actor: admin }, input: { name: "Checkout" } })
    ).id;
    await createComponent({ ctx: { deps: t.deps, actor: admin }, input: { name: "Docs" } });
    const stripe = await dependency("Stripe", [critical(checkout)]);
    const map = await getDependencyMap({ ctx: { deps: t.deps, actor: admin } });
    expect(map.components.map((c) => c.name)).toEqual(["Checkout", "Docs"]);
    expect(map.dependencies).toEqual([{ id: stripe, name: "Stripe", state: "unknown", enabled: true }]);
    expect(map.impacts).toMatchObject([
      { dependencyId: stripe, componentId: checkout, criticality: "critical" },
    ]);
  });
});
