import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, deliveries } from "../../../db/schema/index.ts";
import { type FakeTwilio, startFakeTwilio } from "../../helpers/fake-twilio.ts";
import { type FakeVonage, startFakeVonage } from "../../helpers/fake-vonage.ts";
import { codeIn, type SmsRig, startSmsRig, twilioEnv, vonageEnv } from "../../helpers/sms-rig.ts";

let twilio: FakeTwilio | undefined;
let vonage: FakeVonage | undefined;
let rig: SmsRig | undefined;
afterEach(async () => {
  await rig?.close();
  await Promise.all([twilio?.close(), vonage?.close()]);
  rig = twilio = vonage = undefined;
});

const phones = ["+33612345671", "+33612345672", "+33612345673", "+33612345674"];

async function incident(r: SmsRig, name: string): Promise<string> {
  const id = (await r.t.json("POST", "/api/admin/components", { body: { name: `${name} service` } })).body.id;
  const res = await r.t.json("POST", "/api/admin/incidents", {
    body: { name, body: "Investigating.", components: { [id]: "major_outage" }, deliver_notifications: true },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe("SMS failover and opt-outs", () => {
  it("sends through Vonage while Twilio answers 500, each recipient exactly once", async () => {
    twilio = await startFakeTwilio();
    vonage = await startFakeVonage();
    rig = await startSmsRig({ ...twilioEnv(twilio), ...vonageEnv(vonage) });
    expect(rig.description).toBe(
      "sent through Twilio from +15005550006, or Vonage from Acme while Twilio is down",
    );
    twilio.setFaults({ kind: "random", probability: 1, faults: ["500"] });
    const textsTo = (phone: string) => vonage!.messages.filter((m) => `+${m.to}` === phone);
    for (const phone of phones) {
      await rig.subscribe(phone);
      await rig.settle();
      expect(textsTo(phone)).toHaveLength(1);
      await rig.confirm(phone, codeIn(textsTo(phone)[0]!.text)!);
    }
    const id = await incident(rig, "Checkout down");
    await rig.settle();

    for (const phone of phones) {
      const news = textsTo(phone).slice(1);
      expect(news).toHaveLength(1);
      expect(news[0]!.text).toContain(`http://status.test/incidents/${id}/`);
      expect(news[0]!.from).toBe("Acme");
      // Vonage's receipts would land on Twilio's status route, which refuses them: none is asked for.
      expect(news[0]!.callback).toBeNull();
    }
    expect(twilio.messages).toEqual([]);
    expect(twilio.requests.length).toBeGreaterThan(0);
    expect(twilio.requests.every((r) => r === 500)).toBe(true);
    const rows = await rig.t.deps.db.select().from(deliveries).where(eq(deliveries.kind, "incident-created"));
    expect(rows.map((r) => [r.state, r.provider])).toEqual(phones.map(() => ["sent", "vonage"]));
  });

  it("unsubscribes a number Twilio refuses with 21610, and texts it nothing more", async () => {
    const optedOut: string[] = [];
    twilio = await startFakeTwilio({ optedOutNumbers: optedOut });
    rig = await startSmsRig(twilioEnv(twilio));
    const textsTo = (phone: string) => twilio!.messages.filter((m) => m.to === phone);
    const [stays, leaves] = phones as [string, string];
    for (const phone of [stays, leaves]) {
      await rig.subscribe(phone);
      await rig.settle();
      await rig.confirm(phone, codeIn(textsTo(phone)[0]!.body)!);
    }
    optedOut.push(leaves);
    await incident(rig, "Checkout down");
    await rig.settle();
    expect(textsTo(stays)).toHaveLength(2);
    expect(textsTo(leaves)).toHaveLength(1);
    expect(await rig.stateOf(leaves)).toBe("unsubscribed");
    expect(await rig.stateOf(stays)).toBe("active");
    const [failed] = await rig.t.deps.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.kind, "incident-created"), eq(deliveries.state, "failed")));
    expect(failed!.lastError).toMatch(/^twilio: HTTP 400 error 21610/);
    const audit = await rig.t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, failed!.subscriberId), eq(auditLog.action, "subscriber.unsubscribe")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ state: "unsubscribed", via: "twilio error 21610" });

    const before = twilio.requests.length;
    await incident(rig, "Search down");
    await rig.settle();
    expect(textsTo(stays)).toHaveLength(3);
    expect(twilio.requests.length).toBe(before + 1);
  });
});
