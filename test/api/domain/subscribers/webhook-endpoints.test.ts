import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../../api/domain/components/create-component.ts";
import { systemActor } from "../../../../api/domain/context.ts";
import { confirmWebhook } from "../../../../api/domain/subscribers/confirm-webhook.ts";
import { getSubscription, unsubscribe } from "../../../../api/domain/subscribers/manage-subscription.ts";
import { subscribeEndpoint } from "../../../../api/domain/subscribers/subscribe-endpoint.ts";
import { webhookSecretFor } from "../../../../api/domain/subscribers/webhook-secret.ts";
import { installationSecrets, subscriberComponents, subscribers } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const url = "https://hooks.example.com/vigie";

describe("webhook subscriptions", () => {
  it("wait for their verification, with a Standard Webhooks secret the notifier derives again", async () => {
    const sub = await subscribeEndpoint({ ctx: { deps: t.deps }, input: { channel: "webhook", url } });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sub.secret!.slice(6), "base64").length).toBeGreaterThanOrEqual(24);
    const [row] = await t.deps.db.select().from(subscribers).where(eq(subscribers.id, sub.id));
    expect(row).toMatchObject({
      channel: "webhook",
      address: url,
      state: "pending",
      confirmedAt: null,
      addedBy: "public",
    });
    expect(await webhookSecretFor(t.deps, sub.id)).toBe(sub.secret);
    expect(await webhookSecretFor(t.deps, sub.id)).toBe(sub.secret);
    // Nothing secret is stored with the subscriber.
    const everything = JSON.stringify(await t.deps.db.select().from(subscribers));
    expect(everything).not.toContain(sub.secret!.slice(6));
    // Someone else's verifier (which reads the real time) accepts what is signed with it.
    const body = JSON.stringify({ meta: { unsubscribe: "x" } });
    const sentAt = new Date();
    const signed = new Webhook(sub.secret!).sign("msg_1", sentAt, body);
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": signed,
    };
    expect(() => new Webhook(sub.secret!).verify(body, headers)).not.toThrow();
  });

  it("give each subscriber its own secret, and a different one per installation key", async () => {
    const a = await subscribeEndpoint({ ctx: { deps: t.deps }, input: { channel: "webhook", url } });
    const b = await subscribeEndpoint({
      ctx: { deps: t.deps },
      input: { channel: "webhook", url: `${url}/2` },
    });
    expect(a.secret).not.toBe(b.secret);
    await t.deps.db.update(installationSecrets).set({ value: Buffer.alloc(32, 7).toString("base64url") });
    expect(await webhookSecretFor(t.deps, a.id)).not.toBe(a.secret);
  });

  it("give a manage token that follows components and unsubscribes", async () => {
    const api = await createComponent({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { name: "API" },
    });
    const sub = await subscribeEndpoint({
      ctx: { deps: t.deps },
      input: { channel: "webhook", url, components: [api.id] },
    });
    expect(
      (await getSubscription({ ctx: { deps: t.deps }, input: { token: sub.manageToken } })).componentIds,
    ).toEqual([api.id]);
    expect((await unsubscribe({ ctx: { deps: t.deps }, input: { token: sub.manageToken } })).state).toBe(
      "unsubscribed",
    );
  });

  it("refuse a URL that is already subscribed rather than hand out its secret again", async () => {
    const first = await subscribeEndpoint({ ctx: { deps: t.deps }, input: { channel: "webhook", url } });
    await confirmWebhook(t.deps, first.id, 1);
    await expect(
      subscribeEndpoint({ ctx: { deps: t.deps }, input: { channel: "webhook", url } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already subscribed. Use the manage link"),
    });
  });

  it("start afresh after an unsubscribe: new secret, old links dead", async () => {
    const first = await subscribeEndpoint({ ctx: { deps: t.deps }, input: { channel: "webhook", url } });
    await unsubscribe({ ctx: { deps: t.deps }, input: { token: first.manageToken } });
    const second = await subscribeEndpoint({ ctx: { deps: t.deps }, input: { channel: "webhook", url } });
    expect(second.id).toBe(first.id);
    expect(second.secret).not.toBe(first.secret);
    expect(await webhookSecretFor(t.deps, first.id)).toBe(second.secret);
    await expect(
      getSubscription({ ctx: { deps: t.deps }, input: { token: first.manageToken } }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(
      (await getSubscription({ ctx: { deps: t.deps }, input: { token: second.manageToken } })).subscriber
        .state,
    ).toBe("pending");
  });

  it("refuse unknown components before storing anything", async () => {
    await expect(
      subscribeEndpoint({
        ctx: { deps: t.deps },
        input: { channel: "webhook", url, components: ["cmp_missing"] },
      }),
    ).rejects.toMatchObject({ code: "invalid_reference" });
    expect(await t.deps.db.select().from(subscribers)).toEqual([]);
    expect(await t.deps.db.select().from(subscriberComponents)).toEqual([]);
  });
});

describe("chat subscriptions", () => {
  it("are active at once in their language, with a manage token and no secret", async () => {
    const slack = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeF";
    const sub = await subscribeEndpoint({
      ctx: { deps: t.deps },
      input: { channel: "slack", url: slack, locale: "fr" },
    });
    expect(sub.secret).toBeUndefined();
    expect(
      (await getSubscription({ ctx: { deps: t.deps }, input: { token: sub.manageToken } })).subscriber,
    ).toMatchObject({
      channel: "slack",
      address: slack,
      locale: "fr",
      state: "active",
    });
    await expect(webhookSecretFor(t.deps, sub.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
