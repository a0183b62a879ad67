import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../api/domain/ids.ts";
import type { Channel, DeliveryState } from "../../../api/domain/types.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

interface Row {
  channel: Channel;
  state: DeliveryState;
  provider?: string;
}

let seq = 0;

/** One subscriber and one delivery per row, all caused by one event, as the notifier leaves them. */
async function notification(cause: string, rows: Row[], minutesAgo = 0) {
  const at = new Date(t.clock.now().getTime() - minutesAgo * 60_000);
  await t.deps.write(async (tx) => {
    for (const row of rows) {
      const subscriberId = newId("subscriber");
      const address =
        row.channel === "sms" ? `+336123456${String(seq++).padStart(2, "0")}` : `r${seq++}@example.com`;
      await tx.insert(subscribers).values({
        id: subscriberId,
        channel: row.channel,
        address,
        locale: "en",
        state: "active",
        createdAt: at,
        updatedAt: at,
      });
      await tx.insert(deliveries).values({
        id: newId("delivery"),
        cause,
        subscriberId,
        channel: row.channel,
        kind: "incident-updated",
        updateId: `upd_${cause}`,
        state: row.state,
        attempts: row.state === "pending" ? 0 : 1,
        provider: row.provider ?? null,
        providerMessageId: row.provider ? `msg-${seq}` : null,
        lastError: row.state === "failed" ? "unreachable number" : null,
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      });
    }
  });
}

describe("/admin/notifications", () => {
  it("counts each notification's messages by state and by channel, newest first", async () => {
    await notification("evt_old", [{ channel: "email", state: "delivered", provider: "resend" }], 10);
    await notification("evt_new", [
      { channel: "email", state: "delivered", provider: "resend" },
      { channel: "email", state: "bounced", provider: "resend" },
      { channel: "sms", state: "failed", provider: "twilio" },
      { channel: "sms", state: "pending" },
    ]);
    const viewer = await t.signedIn("viewer");
    const page = await viewer.get("/admin/notifications");
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("4 recipients: 1 pending, 1 delivered, 1 bounced, 1 failed");
    expect(text).toContain("email: 2 recipients — 1 delivered, 1 bounced");
    expect(text).toContain("sms: 2 recipients — 1 pending, 1 failed");
    expect(text).toContain("via resend (2), twilio (1)");
    expect(page.text.indexOf("/admin/notifications/evt_new")).toBeLessThan(
      page.text.indexOf("/admin/notifications/evt_old"),
    );
  });

  it("lists one notification's messages with their provider, a page at a time", async () => {
    await notification(
      "evt_big",
      Array.from(
        { length: 103 },
        (_, i): Row =>
          i === 0
            ? { channel: "sms", state: "failed", provider: "twilio" }
            : { channel: "email", state: "sent", provider: "resend" },
      ),
    );
    const viewer = await t.signedIn("viewer");
    const first = await viewer.get("/admin/notifications/evt_big");
    expect(first.status).toBe(200);
    expect(first.text).toContain("email: 102 recipients — 102 sent");
    expect(first.text.match(/<tr><td>/g)).toHaveLength(100);
    const next = /href="([^"]+)">More messages/.exec(first.text)![1]!.replaceAll("&amp;", "&");
    const second = await viewer.get(next);
    expect(second.text.match(/<tr><td>/g)).toHaveLength(3);
    expect(second.text).not.toContain("More messages");
    expect(first.text + second.text).toContain("unreachable number");
    // Also reachable by the update id it was sent for.
    expect((await viewer.get("/admin/notifications/upd_evt_big")).status).toBe(200);
    expect((await viewer.get("/admin/notifications/evt_none")).status).toBe(404);
  });

  it("needs a session", async () => {
    const res = await t.browser().get("/admin/notifications");
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/admin\/login\?next=/);
  });
});
