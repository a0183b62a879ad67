import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listAuditLog } from "../../../api/domain/audit/list-audit-log.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { newId } from "../../../api/domain/ids.ts";
import type { Channel, SubscriberState } from "../../../api/domain/types.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { consoleRigForEachTest } from "../../helpers/console-rig.ts";
import { monitorRigForEachTest } from "../../helpers/monitor-incident-rig.ts";

const t = consoleRigForEachTest();
const m = monitorRigForEachTest(t);

async function subscriber(
  address: string,
  state: SubscriberState,
  extra: Partial<typeof subscribers.$inferInsert> = {},
) {
  const id = newId("subscriber");
  const at = t.clock.now();
  const channel: Channel = extra.channel ?? "email";
  await t.deps.write((tx) =>
    tx
      .insert(subscribers)
      .values({ id, channel, address, locale: "en", state, createdAt: at, updatedAt: at, ...extra }),
  );
  return id;
}

/** `count` messages to the subscriber, one minute apart, the last one newest. */
async function messages(subscriberId: string, count: number) {
  await t.deps.write(async (tx) => {
    for (let i = 0; i < count; i++) {
      const at = new Date(t.clock.now().getTime() - (count - i) * 60_000);
      await tx.insert(deliveries).values({
        id: newId("delivery"),
        cause: `evt_${i}`,
        subscriberId,
        channel: "email",
        kind: "incident-updated",
        state: i === count - 1 ? "failed" : "delivered",
        attempts: 1,
        provider: "resend",
        lastError: i === count - 1 ? "mailbox full (message 0)" : null,
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      });
    }
  });
}

const stateOf = async (id: string) =>
  (await t.deps.read((db) => db.select().from(subscribers).where(eq(subscribers.id, id))))[0]!.state;

describe("/admin/subscribers", () => {
  it("finds subscribers by any part of their address, any case, a page at a time", async () => {
    for (let i = 0; i < 55; i++)
      await subscriber(`reader${String(i).padStart(2, "0")}@example.com`, "active");
    await subscriber("ops%team@other.test", "pending");
    const viewer = await t.signedIn("viewer");
    const first = await viewer.get("/admin/subscribers?q=EXAMPLE");
    expect(first.status).toBe(200);
    expect(first.text.match(/@example\.com<\/a>/g)).toHaveLength(50);
    const next = /href="(\/admin\/subscribers\?q=EXAMPLE&amp;after=[^"]+)">More subscribers/.exec(
      first.text,
    )![1]!;
    const second = await viewer.get(next.replaceAll("&amp;", "&"));
    expect(second.text.match(/@example\.com<\/a>/g)).toHaveLength(5);
    expect(second.text).not.toContain("More subscribers");
    // A % typed in the box is a character, not a wildcard.
    const literal = await viewer.get(`/admin/subscribers?q=${encodeURIComponent("s%t")}`);
    expect(literal.text).toContain("ops%team@other.test");
    expect(literal.text).not.toContain("reader00@example.com");
  });

  it("shows a subscriber's state, components, consent time and messages, newest first, paged", async () => {
    const checkout = await m.component("Checkout");
    const id = await m.subscriber("ada@example.com", [checkout]);
    await messages(id, 52);
    const viewer = await t.signedIn("viewer");
    const page = await viewer.get(`/admin/subscribers/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Components: Checkout");
    expect(page.text).toMatch(/consent given <time datetime="2026-11-27T12:00:00.000Z">/);
    const rows = [...page.text.matchAll(/<time datetime="([^"]+)">[^<]+<\/time><\/td>/g)].map((r) => r[1]!);
    expect(rows).toHaveLength(50);
    expect([...rows].sort().reverse()).toEqual(rows);
    expect(page.text).toContain("mailbox full (message 0)");
    expect(page.text).not.toContain("Unsubscribe ada@example.com");
    const older = /href="([^"]+)">Older messages/.exec(page.text)![1]!.replaceAll("&amp;", "&");
    const rest = await viewer.get(older);
    expect(rest.text.match(/<time datetime="[^"]+">[^<]+<\/time><\/td>/g)).toHaveLength(2);
    expect(rest.text).not.toContain("Older messages");
  });

  it("lets an editor unsubscribe someone, audited; a second time is refused", async () => {
    const id = await subscriber("bob@example.com", "active", { confirmedAt: t.clock.now() });
    const editor = await t.signedIn("editor");
    await editor.get(`/admin/subscribers/${id}`);
    const res = await editor.post(`/admin/subscribers/${id}/unsubscribe`, { form: {} });
    expect(res.status).toBe(303);
    expect((await editor.get(res.location!)).text).toContain("bob@example.com is unsubscribed.");
    expect(await stateOf(id)).toBe("unsubscribed");
    const again = await editor.post(`/admin/subscribers/${id}/unsubscribe`, { form: {} });
    expect((await editor.get(again.location!)).text).toContain(
      "bob@example.com is unsubscribed: it already gets no message.",
    );
    const audit = await listAuditLog({
      ctx: { deps: t.deps, actor: systemActor("test") },
      input: { limit: 10, entity_id: id },
    });
    expect(audit.map((a) => a.action)).toEqual(["subscriber.unsubscribe"]);
  });

  it("refuses viewers and CSRF-less posts", async () => {
    const id = await subscriber("carol@example.com", "active");
    const viewer = await t.signedIn("viewer");
    expect((await viewer.post(`/admin/subscribers/${id}/unsubscribe`, { form: {} })).status).toBe(403);
    const editor = await t.signedIn("editor");
    expect(
      (await editor.post(`/admin/subscribers/${id}/unsubscribe`, { form: {}, csrf: false })).status,
    ).toBe(403);
    expect(await stateOf(id)).toBe("active");
    expect((await viewer.get("/admin/subscribers/sub_nope")).status).toBe(404);
  });
});

describe("who gets nothing any more", () => {
  it("lists suppressed addresses and disabled endpoints with their reasons", async () => {
    await subscriber("bounced@example.com", "suppressed", {
      suppressedReason: "hard bounce",
      suppressedAt: t.clock.now(),
    });
    await subscriber("https://hooks.example.com/x", "disabled", {
      channel: "webhook",
      disabledReason: "HTTP 500 for a day",
      disabledAt: t.clock.now(),
    });
    await subscriber("fine@example.com", "active");
    const viewer = await t.signedIn("viewer");
    const suppressed = await viewer.get("/admin/subscribers/suppressed");
    expect(suppressed.status).toBe(200);
    expect(suppressed.text).toContain("bounced@example.com");
    expect(suppressed.text).toContain("hard bounce");
    expect(suppressed.text).not.toContain("fine@example.com");
    const disabled = await viewer.get("/admin/subscribers/disabled");
    expect(disabled.text).toContain("https://hooks.example.com/x");
    expect(disabled.text).toContain("HTTP 500 for a day");
  });
});
