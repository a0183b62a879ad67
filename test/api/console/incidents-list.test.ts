import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { resolveIncident } from "../../../api/domain/incidents/resolve-incident.ts";
import { type ConsoleRig, createConsoleRig, readerText as text } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

describe("the incidents list", () => {
  it("puts open incidents and drafts first and pages the resolved ones", async () => {
    const admin = systemActor("test");
    for (let i = 1; i <= 21; i++) {
      t.clock.advance(60_000);
      const { incident } = await createIncident({
        ctx: { deps: t.deps, actor: admin },
        input: {
          name: `Old ${i}`,
          body: "x",
          deliver_notifications: false,
        },
      });
      await resolveIncident({
        ctx: { deps: t.deps, actor: admin },
        input: { deliver_notifications: false, id: incident.id },
      });
    }
    t.clock.advance(60_000);
    await createIncident({
      ctx: { deps: t.deps, actor: admin },
      input: { name: "Happening now", body: "x" },
    });
    const viewer = await t.signedIn("viewer");
    const first = text((await viewer.get("/admin/incidents")).text);
    expect(first.indexOf("Happening now")).toBeLessThan(first.indexOf("Old 21"));
    expect(first).toContain("Old 2 ");
    expect(first).not.toContain("Old 1 ");
    expect(first).toContain("Older");
    const second = text((await viewer.get("/admin/incidents?page=2")).text);
    expect(second).toContain("Old 1 ");
    expect(second).not.toContain("Old 21");
    expect(second).toContain("Newer");
  });
});
