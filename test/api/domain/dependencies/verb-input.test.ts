import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../api/domain/context.ts";
import { createDependency } from "../../../../api/domain/dependencies/create-dependency.ts";
import { deleteOncallContact } from "../../../../api/domain/dependencies/delete-oncall-contact.ts";
import { getDependency } from "../../../../api/domain/dependencies/get-dependency.ts";
import { updateDependency } from "../../../../api/domain/dependencies/update-dependency.ts";
import { dependencies } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const editor: Actor = { id: "token:editor", role: "editor" };
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const stripe = { kind: "statuspage" as const, base_url: "https://www.stripestatus.com" };
const ctx = () => ({ deps: t.deps, actor: editor });

describe("dependency verbs check their own input", () => {
  it("refuse a dependency polled too often, naming the field, and create nothing", async () => {
    await expect(
      createDependency({ ctx: ctx(), input: { name: "Stripe", source: stripe, poll_interval_seconds: 5 } }),
    ).rejects.toMatchObject({
      name: "DomainError",
      code: "invalid_input",
      message: expect.stringMatching(/^Invalid input: poll_interval_seconds: /),
      details: [expect.objectContaining({ path: "poll_interval_seconds" })],
    });
    expect(await t.deps.db.select().from(dependencies)).toEqual([]);
  });

  it("name an unknown field of a change, and keep an unknown id a not-found", async () => {
    const { dependency } = await createDependency({ ctx: ctx(), input: { name: "Stripe", source: stripe } });
    await expect(
      updateDependency({
        ctx: ctx(),
        input: { id: dependency.id, name: "Stripe EU", colour: "red" } as never,
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: [{ path: "colour", message: expect.stringMatching(/^unknown field; remove it/) }],
    });
    const detail = await getDependency({ ctx: ctx(), input: { id: dependency.id, historyLimit: 1 } });
    expect(detail.dependency.name).toBe("Stripe");
    await expect(
      updateDependency({ ctx: ctx(), input: { id: "dep_unknown", name: "X" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteOncallContact({ ctx: ctx(), input: { id: "not even an id" } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("refuse a history page of no entries", async () => {
    const { dependency } = await createDependency({ ctx: ctx(), input: { name: "Stripe", source: stripe } });
    await expect(
      getDependency({ ctx: ctx(), input: { id: dependency.id, historyLimit: 0 } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: [expect.objectContaining({ path: "historyLimit" })],
    });
  });
});
