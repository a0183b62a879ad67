import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { smsLength } from "../../../api/templates/sms-segments.ts";
import { deliveries } from "../../../db/schema/index.ts";
import { startFakeTwilio } from "../../helpers/fake-twilio.ts";
import { perTest } from "../../helpers/per-test.ts";
import { codeIn, startSmsRig, twilioEnv } from "../../helpers/sms-rig.ts";

// Stopped in the reverse order: the rig, then the fake Twilio.
const twilio = perTest(startFakeTwilio, (fake) => fake.close());
const rig = perTest(
  () => startSmsRig(twilioEnv(twilio)),
  (started) => started.close(),
);

const ada = "+33612345678";
const bob = "+33698765432";
const textsTo = (phone: string) => twilio.messages.filter((m) => m.to === phone).map((m) => m.body);

async function subscribeAndConfirm(phone: string, components?: string[]) {
  await rig.subscribe(phone, components);
  await rig.settle();
  const code = codeIn(textsTo(phone).at(-1));
  expect(code).toBeTruthy();
  await rig.confirm(phone, code!);
}

async function component(name: string): Promise<string> {
  return (await rig.t.json("POST", "/api/admin/components", { body: { name } })).body.id;
}

describe("SMS delivery through Twilio", () => {
  it("texts the code, then one SMS per incident with status, component and link, to followers only", async () => {
    expect(rig.description).toBe("sent through Twilio from +15005550006");
    await rig.t.json("PATCH", "/api/admin/settings", { body: { name: "Acme" } });
    const checkout = await component("Checkout");
    const api = await component("API");

    await rig.subscribe(ada, [checkout]);
    await rig.settle();
    expect(textsTo(ada)).toHaveLength(1);
    expect(textsTo(ada)[0]).toMatch(/^Acme: your code is \d{6}$/);
    expect(twilio.messages[0]!.from).toBe("+15005550006");
    expect(twilio.messages[0]!.statusCallback).toBe("http://status.test/api/webhooks/twilio/status");
    await rig.confirm(ada, codeIn(textsTo(ada)[0])!);
    await subscribeAndConfirm(bob, [api]);

    const created = await rig.t.json("POST", "/api/admin/incidents", {
      body: {
        name: "Payments failing",
        body: "We are looking into it.",
        components: { [checkout]: "major_outage" },
        deliver_notifications: true,
      },
    });
    expect(created.status).toBe(201);
    await rig.settle();
    const texts = textsTo(ada).slice(1);
    expect(texts).toEqual([
      `Acme: new incident (Investigating). Checkout: Major outage. Payments failing. http://status.test/incidents/${created.body.id}/`,
    ]);
    expect(smsLength(texts[0]!).segments).toBeLessThanOrEqual(2);
    expect(textsTo(bob)).toHaveLength(1);

    const rows = await rig.t.deps.db.select().from(deliveries).where(eq(deliveries.kind, "incident-created"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "sms", state: "sent", provider: "twilio" });
    expect(rows[0]!.providerMessageId).toBe(twilio.messages.at(-1)!.sid);
  });

  it("sends incident updates by SMS only once an owner adds them to sms_kinds", async () => {
    const checkout = await component("Checkout");
    await subscribeAndConfirm(ada);
    const id = (
      await rig.t.json("POST", "/api/admin/incidents", {
        body: { name: "Slow checkout", body: "Looking.", components: { [checkout]: "degraded_performance" } },
      })
    ).body.id;
    await rig.settle();
    expect(textsTo(ada)).toHaveLength(2);

    const update = (status: string) =>
      rig.t.json("POST", `/api/admin/incidents/${id}/updates`, {
        body: { status, body: "Found it.", deliver_notifications: true },
      });
    expect((await update("identified")).status).toBe(201);
    await rig.settle();
    expect(textsTo(ada)).toHaveLength(2);
    const emailsOnly = await rig.t.deps.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.kind, "incident-updated"));
    expect(emailsOnly).toEqual([]);

    const patched = await rig.t.json("PATCH", "/api/admin/settings", {
      body: { sms_kinds: ["incident-created", "incident-updated", "incident-resolved"] },
    });
    expect(patched.status).toBe(200);
    expect((await update("monitoring")).status).toBe(201);
    await rig.settle();
    expect(textsTo(ada)).toHaveLength(3);
    expect(textsTo(ada)[2]).toContain("Monitoring");
    expect(textsTo(ada)[2]).toContain(`http://status.test/incidents/${id}/`);
  });

  it("drops a code SMS whose code was replaced before it went out", async () => {
    await rig.subscribe(ada);
    // A second request replaces the first code; the first SMS, already batched, must not go out.
    const [first] = await rig.t.deps.db.select().from(deliveries);
    await rig.t.deps.db
      .update(deliveries)
      .set({ batchId: "batch_stale" })
      .where(eq(deliveries.id, first!.id));
    await rig.subscribe(ada);
    await rig.settle();
    expect(textsTo(ada)).toHaveLength(1);
    const [stale] = await rig.t.deps.db.select().from(deliveries).where(eq(deliveries.id, first!.id));
    expect(stale).toMatchObject({ state: "failed", lastError: "the code was replaced or expired" });
    await rig.confirm(ada, codeIn(textsTo(ada)[0])!);
  });
});
