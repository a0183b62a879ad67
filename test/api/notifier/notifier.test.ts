import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../api/domain/ids.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";
import { type FakeResend, seededRandom } from "../../helpers/fake-resend.ts";
import { type TestApp, testPublicUrl } from "../../helpers/harness.ts";

let rig: EmailRig;
let t: TestApp;
let resend: FakeResend;

beforeEach(async () => {
  rig = await startEmailRig();
  ({ t, resend } = rig);
});
afterEach(() => rig.close());

const settle = (rounds?: number) => rig.settle(rounds);
const mailTo = (address: string) => rig.mailTo(address);
const subscribeAndConfirm = (address: string, components?: string[]) =>
  rig.subscribeAndConfirm(address, components);
const linkIn = (text: string, path: string) =>
  new RegExp(`${testPublicUrl}${path}\\?token=[\\w.-]+`).exec(text)?.[0];

describe("email notifications", () => {
  it("confirms by email, then sends an incident to the subscribers of its components only", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    const web = (await t.json("POST", "/api/admin/components", { body: { name: "Website" } })).body.id;
    await subscribeAndConfirm("all@example.com");
    await subscribeAndConfirm("api@example.com", [api]);
    await subscribeAndConfirm("web@example.com", [web]);
    await t.json("POST", "/api/admin/incidents", {
      body: { name: "API down", body: "We are **on it**.", components: { [api]: "major_outage" } },
    });
    await settle();
    expect(mailTo("all@example.com").map((m) => m.subject)).toHaveLength(2);
    expect(mailTo("api@example.com")).toHaveLength(2);
    expect(mailTo("web@example.com")).toHaveLength(1);
    const email = mailTo("api@example.com")[1]!;
    expect(email.subject).toContain("API down");
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.headers["List-Unsubscribe"]).toMatch(
      /^<http:\/\/status\.test\/subscribe\/unsubscribe\?token=/,
    );
    expect(email.html).toContain("<strong>on it</strong>");
  });

  it("unsubscribes in one POST without cookies, and sends nothing after", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    await subscribeAndConfirm("ada@example.com");
    await t.json("POST", "/api/admin/incidents", {
      body: { name: "First", body: "x", components: { [api]: "degraded_performance" } },
    });
    await settle();
    const unsubscribe = /<([^>]+)>/.exec(mailTo("ada@example.com")[1]!.headers["List-Unsubscribe"]!)![1]!;
    const res = await t.request("POST", unsubscribe.replace(testPublicUrl, ""), { token: null });
    expect(res.status).toBe(200);
    await t.json("POST", "/api/admin/incidents", { body: { name: "Second", body: "y" } });
    await settle();
    expect(
      mailTo("ada@example.com")
        .map((m) => m.subject)
        .some((s) => s.includes("Second")),
    ).toBe(false);
  });

  it("answers the same to a known and an unknown address, and refuses a bad one with a reason", async () => {
    await subscribeAndConfirm("known@example.com");
    const known = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "known@example.com" },
    });
    const unknown = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "new@example.com" },
    });
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    const bad = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "not-an-address" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/address: must be an email address/);
  });

  it("sends exactly one message per subscriber to 2,000 subscribers through 30% injected faults", {
    timeout: 120_000,
  }, async () => {
    const at = t.clock.now();
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      id: newId("subscriber"),
      channel: "email" as const,
      address: `user${i}@example.com`,
      locale: i % 3 === 0 ? ("fr" as const) : ("en" as const),
      state: "active" as const,
      tokenVersion: 1,
      createdAt: at,
      updatedAt: at,
      confirmedAt: at,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await t.deps.write((tx) => tx.insert(subscribers).values(rows.slice(i, i + 200)));
    }
    // Seeded, so every run meets the same faults, lost answers ("drop-after-accept") included.
    resend.setFaults({
      kind: "random",
      probability: 0.3,
      random: seededRandom(3),
      faults: ["500", "429", "drop", "drop-after-accept", "timeout"],
    });
    await t.json("POST", "/api/admin/incidents", {
      body: { name: "Big outage", body: "Everything is down." },
    });
    await settle(200);
    const received = new Map<string, number>();
    for (const email of resend.emails)
      for (const to of email.to) received.set(to, (received.get(to) ?? 0) + 1);
    expect(received.size).toBe(2000);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const failed = await t.deps.read((db) =>
      db.select().from(deliveries).where(eq(deliveries.state, "failed")),
    );
    expect(failed).toHaveLength(0);
    expect(resend.requests.some((r) => r.replayed)).toBe(true);
  });

  it("builds a message mail clients parse: both parts, headers and a working manage link", async () => {
    await subscribeAndConfirm("parse@example.com");
    const raw = mailTo("parse@example.com")[0]!;
    const parsed = await simpleParser(
      `Subject: ${raw.subject}\nContent-Type: text/html; charset=utf-8\n\n${raw.html}`,
    );
    expect(parsed.subject).toBe(raw.subject);
    expect(parsed.html).toContain("/subscribe/unsubscribe?token=");
    expect(raw.text).toContain("/subscribe/manage?token=");
    const manage = linkIn(raw.text!, "/subscribe/manage");
    const page = await t.request("GET", manage!.replace(testPublicUrl, ""), { token: null });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("parse@example.com");
  });
});
