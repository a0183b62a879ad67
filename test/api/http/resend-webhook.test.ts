import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";

const secret = `whsec_${randomBytes(24).toString("base64")}`;
let rig: EmailRig;

beforeEach(async () => {
  rig = await startEmailRig({ resendWebhookSecret: secret });
});
afterEach(() => rig.close());

interface SendOptions {
  signWith?: string;
  sentAt?: Date;
  tamper?: (body: string) => string;
  headers?: Record<string, string>;
}

/** Posts a Resend event signed as Svix signs it (Standard Webhooks under svix-* names). */
async function sendEvent(event: unknown, { signWith = secret, sentAt, tamper, headers }: SendOptions = {}) {
  const body = JSON.stringify(event);
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const at = sentAt ?? rig.t.clock.now();
  const signed = {
    "svix-id": id,
    "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
    "svix-signature": new Webhook(signWith).sign(id, at, body),
  };
  return rig.t.json("POST", "/api/webhooks/resend", {
    token: null,
    rawBody: tamper ? tamper(body) : body,
    headers: headers ?? signed,
  });
}

/** Sends one incident to the given confirmed addresses; returns Resend's email id per address. */
async function sendIncident(name: string, addresses: string[]) {
  await rig.t.json("POST", "/api/admin/incidents", { body: { name, body: "Investigating." } });
  await rig.settle();
  return Object.fromEntries(
    addresses.map((a) => [a, rig.mailTo(a).find((m) => m.subject.includes(name))?.id]),
  ) as Record<string, string>;
}

/** An event as Resend sends it: the message's id and its recipients, as that message had them. */
const event = (type: string, emailId: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: "2026-11-27T12:00:00.000Z",
  data: {
    email_id: emailId,
    from: "status@acme.test",
    to: rig.resend.emails.find((m) => m.id === emailId)?.to ?? ["nobody@example.com"],
    subject: "s",
    ...extra,
  },
});

const deliveryOf = async (providerMessageId: string) =>
  (
    await rig.t.deps.read((db) =>
      db.select().from(deliveries).where(eq(deliveries.providerMessageId, providerMessageId)),
    )
  )[0]!;
const subscriberOf = async (address: string) =>
  (await rig.t.deps.read((db) => db.select().from(subscribers).where(eq(subscribers.address, address))))[0]!;

describe("POST /api/webhooks/resend: signature", () => {
  it("accepts a correctly signed event and marks the message delivered", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    const ids = await sendIncident("Slow API", ["ada@example.com"]);
    expect((await deliveryOf(ids["ada@example.com"]!)).state).toBe("sent");
    const res = await sendEvent(event("email.delivered", ids["ada@example.com"]!));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "recorded" });
    expect((await deliveryOf(ids["ada@example.com"]!)).state).toBe("delivered");
  });

  it("refuses a tampered body, a stale or future timestamp, a wrong key and a missing signature with 401", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    const id = (await sendIncident("Slow API", ["ada@example.com"]))["ada@example.com"]!;
    const now = rig.t.clock.now().getTime();
    const attempts = [
      sendEvent(event("email.complained", id), { tamper: (b) => b.replace("complained", "delivered") }),
      sendEvent(event("email.complained", id), { sentAt: new Date(now - 6 * 60_000) }),
      sendEvent(event("email.complained", id), { sentAt: new Date(now + 6 * 60_000) }),
      sendEvent(event("email.complained", id), { signWith: `whsec_${randomBytes(24).toString("base64")}` }),
      sendEvent(event("email.complained", id), { headers: {} }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
      expect(res.body.error.message).toMatch(/svix/);
    }
    expect((await deliveryOf(id)).state).toBe("sent");
    expect((await subscriberOf("ada@example.com")).state).toBe("active");
  });

  it("accepts a timestamp within the 5-minute tolerance", async () => {
    const res = await sendEvent(event("email.delivered", "unknown-id"), {
      sentAt: new Date(rig.t.clock.now().getTime() - 4 * 60_000),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "unknown-message" });
  });

  it("acknowledges event types it does not act on", async () => {
    const res = await sendEvent(event("email.opened", "whatever"));
    expect([res.status, res.body]).toEqual([200, { status: "ignored" }]);
  });

  it("acknowledges an event that names no message it could find, and refuses a body that is not JSON", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    const id = (await sendIncident("Slow API", ["ada@example.com"]))["ada@example.com"]!;
    for (const malformed of [
      { type: "email.bounced", data: { email_id: 42, to: ["ada@example.com"] } },
      { type: "email.complained", data: { to: ["ada@example.com"] } },
      { type: "email.delivered" },
    ]) {
      const res = await sendEvent(malformed);
      expect([res.status, res.body]).toEqual([200, { status: "ignored" }]);
    }
    expect((await deliveryOf(id)).state).toBe("sent");
    expect((await subscriberOf("ada@example.com")).state).toBe("active");
    const at = rig.t.clock.now();
    const res = await rig.t.json("POST", "/api/webhooks/resend", {
      token: null,
      rawBody: "{not json",
      headers: {
        "svix-id": "msg_1",
        "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
        "svix-signature": new Webhook(secret).sign("msg_1", at, "{not json"),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "bad_request", message: "The webhook body is not JSON." });
  });
});

describe("POST /api/webhooks/resend: bounces and complaints", () => {
  it("suppresses a hard-bounced address, and a later incident sends it nothing", async () => {
    await rig.subscribeAndConfirm("gone@example.com");
    await rig.subscribeAndConfirm("here@example.com");
    const ids = await sendIncident("First", ["gone@example.com", "here@example.com"]);
    const bounce = { type: "Permanent", subType: "General", message: "mailbox does not exist" };
    const res = await sendEvent(event("email.bounced", ids["gone@example.com"]!, { bounce }));
    expect(res.status).toBe(200);
    const delivery = await deliveryOf(ids["gone@example.com"]!);
    expect(delivery.state).toBe("bounced");
    expect(delivery.lastError).toContain("mailbox does not exist");
    const gone = await subscriberOf("gone@example.com");
    expect(gone.state).toBe("suppressed");
    expect(gone.suppressedReason).toMatch(/^hard bounce: Permanent/);

    const later = await sendIncident("Second", ["gone@example.com", "here@example.com"]);
    expect(later["gone@example.com"]).toBeUndefined();
    expect(later["here@example.com"]).toBeTruthy();

    const list = await rig.t.json("GET", "/api/admin/subscribers/suppressed", { token: rig.t.tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.subscribers.map((s: { address: string }) => s.address)).toEqual(["gone@example.com"]);
    expect(list.body.subscribers[0].reason).toContain("mailbox does not exist");
  });

  it("does not suppress an address after a transient bounce", async () => {
    await rig.subscribeAndConfirm("full@example.com");
    const id = (await sendIncident("First", ["full@example.com"]))["full@example.com"]!;
    const bounce = { type: "Transient", subType: "MailboxFull", message: "mailbox full" };
    await sendEvent(event("email.bounced", id, { bounce }));
    expect((await deliveryOf(id)).state).toBe("bounced");
    expect((await subscriberOf("full@example.com")).state).toBe("active");
  });

  it("suppresses a complaining address, and a later incident sends it nothing", async () => {
    await rig.subscribeAndConfirm("angry@example.com");
    const id = (await sendIncident("First", ["angry@example.com"]))["angry@example.com"]!;
    await sendEvent(event("email.delivered", id));
    await sendEvent(event("email.complained", id));
    expect((await deliveryOf(id)).state).toBe("complained");
    const angry = await subscriberOf("angry@example.com");
    expect([angry.state, angry.suppressedReason]).toEqual(["suppressed", "complained"]);
    // A late "delivered" does not hide the complaint.
    const late = await sendEvent(event("email.delivered", id));
    expect(late.body).toEqual({ status: "unchanged" });
    expect((await deliveryOf(id)).state).toBe("complained");
    const later = await sendIncident("Second", ["angry@example.com"]);
    expect(later["angry@example.com"]).toBeUndefined();
  });

  it("refuses a body over 256 KiB before reading it, with 413 and what the limit is", async () => {
    const res = await sendEvent({ type: "email.delivered", data: { pad: "x".repeat(300 * 1024) } });
    expect(res.status).toBe(413);
    expect(JSON.stringify(res.body)).toContain("at most 256 KiB");
  });
});

describe("POST /api/webhooks/resend: finding the message", () => {
  it("finds it by its id and recipient, whatever the case or display name Resend echoes", async () => {
    await rig.subscribeAndConfirm("ada@example.com");
    const id = (await sendIncident("Slow API", ["ada@example.com"]))["ada@example.com"]!;
    const res = await sendEvent(event("email.delivered", id, { to: ["Ada Lovelace <ADA@Example.com>"] }));
    expect(res.body).toEqual({ status: "recorded" });
    expect((await deliveryOf(id)).state).toBe("delivered");
  });

  it("applies nothing when the named recipient did not get that message", async () => {
    await rig.subscribeAndConfirm("gone@example.com");
    await rig.subscribeAndConfirm("here@example.com");
    const ids = await sendIncident("First", ["gone@example.com", "here@example.com"]);
    const bounce = { type: "Permanent", message: "mailbox does not exist" };
    const res = await sendEvent(
      event("email.bounced", ids["gone@example.com"]!, { bounce, to: ["here@example.com"] }),
    );
    expect(res.body).toEqual({ status: "unknown-message" });
    expect((await deliveryOf(ids["gone@example.com"]!)).state).toBe("sent");
    expect((await subscriberOf("here@example.com")).state).toBe("active");
  });

  it("finds an alert sent to an on-call contact", async () => {
    const contact = await rig.t.json("POST", "/api/admin/oncall-contacts", {
      body: { name: "Grace", email: "grace@acme.test" },
    });
    expect(contact.status).toBe(201);
    const at = rig.t.clock.now();
    await rig.t.deps.write((tx) =>
      tx.insert(deliveries).values({
        id: "dlv_alert",
        cause: "evt_alert",
        subscriberId: (contact.body as { id: string }).id,
        channel: "email",
        kind: "dependency-alert",
        state: "sent",
        nextAttemptAt: at,
        provider: "resend",
        providerMessageId: "re_alert_1",
        createdAt: at,
        updatedAt: at,
      }),
    );
    const res = await sendEvent({
      type: "email.delivered",
      data: { email_id: "re_alert_1", to: ["grace@acme.test"] },
    });
    expect(res.body).toEqual({ status: "recorded" });
    expect((await deliveryOf("re_alert_1")).state).toBe("delivered");
  });
});
