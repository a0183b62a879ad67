import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../../../api/domain/context.ts";
import { getSubscriber } from "../../../../api/domain/subscribers/get-subscriber.ts";
import {
  getSubscription,
  updatePreferences,
} from "../../../../api/domain/subscribers/manage-subscription.ts";
import { searchSubscribers } from "../../../../api/domain/subscribers/search-subscribers.ts";
import { subscribe } from "../../../../api/domain/subscribers/subscribe.ts";
import { auditLog, subscribers } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const viewer: Actor = { id: "token:viewer", role: "viewer" };

describe("subscriber verbs check their own input", () => {
  it("refuse a malformed subscription with every field named, and store nothing", async () => {
    await expect(
      subscribe({
        ctx: { deps: t.deps },
        // What a caller that skipped the HTTP layer's checks could send.
        input: { channel: "email", address: "not an address", colour: "red" } as never,
      }),
    ).rejects.toMatchObject({
      name: "DomainError",
      code: "invalid_input",
      message: expect.stringMatching(/^Invalid input: .*address: must be an email address/),
      details: expect.arrayContaining([
        expect.objectContaining({ path: "address" }),
        expect.objectContaining({ path: "colour" }),
      ]),
    });
    expect(await t.deps.db.select().from(subscribers)).toEqual([]);
  });

  it("answer a link without a token as bad input, and a wrong token as the usual invalid link", async () => {
    await expect(getSubscription({ ctx: { deps: t.deps }, input: {} as never })).rejects.toMatchObject({
      code: "invalid_input",
      details: [{ path: "token", message: "required (expected string)" }],
    });
    await expect(
      getSubscription({ ctx: { deps: t.deps }, input: { token: "sub_x.1.nope" } }),
    ).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/link is invalid or has expired/),
    });
  });

  it("keep the manage token out of the audit row of a preferences change", async () => {
    const sub = await subscribe({
      ctx: { deps: t.deps },
      input: { channel: "webhook", url: "https://hooks.example.com/vigie" },
    });
    if (!("manageToken" in sub)) throw new Error("a webhook subscription answers with its manage token");
    const saved = await updatePreferences({
      ctx: { deps: t.deps },
      input: { token: sub.manageToken, components: [] },
    });
    expect(saved.componentIds).toEqual([]);
    const [row] = await t.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "subscriber.preferences"));
    expect(row?.after).toEqual({ components: [] });
    expect(JSON.stringify(row)).not.toContain(sub.manageToken);
  });

  it("refuse an admin page size out of range, and say an unknown subscriber is not found", async () => {
    await expect(
      searchSubscribers({ ctx: { deps: t.deps, actor: viewer }, input: { limit: 0 } }),
    ).rejects.toMatchObject({ code: "invalid_input", details: [expect.objectContaining({ path: "limit" })] });
    await expect(
      getSubscriber({ ctx: { deps: t.deps, actor: viewer }, input: { id: "sub_unknown", limit: 10 } }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
