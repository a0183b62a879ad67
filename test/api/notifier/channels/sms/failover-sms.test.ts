import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../../../../api/domain/clock.ts";
import { createFailoverSms } from "../../../../../api/notifier/channels/sms/failover-sms.ts";
import type {
  OutgoingSms,
  SmsDeliveryResult,
} from "../../../../../api/notifier/channels/sms/sms-provider.ts";
import { createTwilioProvider } from "../../../../../api/notifier/channels/sms/twilio-provider.ts";
import { createVonageProvider } from "../../../../../api/notifier/channels/sms/vonage-provider.ts";
import { seededRandom } from "../../../../helpers/fake-resend.ts";
import { type FakeTwilio, startFakeTwilio } from "../../../../helpers/fake-twilio.ts";
import { type FakeVonage, startFakeVonage } from "../../../../helpers/fake-vonage.ts";

const openMs = 60_000;
let fakes: { twilio: FakeTwilio; vonage: FakeVonage } | undefined;
afterEach(async () => {
  await Promise.all([fakes?.twilio.close(), fakes?.vonage.close()]);
  fakes = undefined;
});

async function setup() {
  const twilio = await startFakeTwilio();
  const vonage = await startFakeVonage();
  fakes = { twilio, vonage };
  const clock = fixedClock(new Date("2026-03-14T10:00:00Z"));
  // The providers keep real time (their rate limiters pace by it); only the breaker's clock is moved.
  const common = { maxPerSecond: 1000, timeoutMs: 300 };
  const primary = createTwilioProvider({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: "+33700000001",
    baseUrl: twilio.url,
    ...common,
  });
  const secondary = createVonageProvider({
    apiKey: vonage.apiKey,
    apiSecret: vonage.apiSecret,
    from: "Acme",
    baseUrl: vonage.url,
    ...common,
  });
  const sms = createFailoverSms(primary, secondary, { failureThreshold: 3, openMs, clock });
  /** Delivery ids as each fake received them: Twilio gets the id as the body, Vonage as client-ref. */
  const carried = () => [
    ...twilio.messages.map((m) => `twilio:${m.body}`),
    ...vonage.messages.map((m) => `vonage:${m.clientRef}`),
  ];
  return { twilio, vonage, clock, sms, carried };
}

const message = (deliveryId: string): OutgoingSms => ({ deliveryId, to: "+33612345678", body: deliveryId });

async function sendAll(send: (m: OutgoingSms) => Promise<SmsDeliveryResult>, ids: string[]) {
  const results: SmsDeliveryResult[] = [];
  for (const id of ids) results.push(await send(message(id)));
  return results;
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${i}`);

describe("SMS failover", () => {
  it("carries everything by the secondary while the primary answers 500, and stops asking the primary", async () => {
    const { twilio, sms, carried } = await setup();
    twilio.setFaults({ kind: "random", probability: 1, faults: ["500"] });
    const results = await sendAll((m) => sms.send(m), range("dlv", 10));

    expect(results.map((r) => r.outcome === "sent" && r.provider)).toEqual(Array(10).fill("vonage"));
    expect(carried().sort()).toEqual(
      range("dlv", 10)
        .map((id) => `vonage:${id}`)
        .sort(),
    );
    expect(twilio.requests).toEqual([500, 500, 500]);
    expect(sms.circuit()).toBe("open");
  });

  it("goes back to the primary after openMs once it is up again", async () => {
    const { twilio, clock, sms, carried } = await setup();
    twilio.setFaults({ kind: "random", probability: 1, faults: ["500"] });
    await sendAll((m) => sms.send(m), range("down", 4));
    twilio.setFaults({ kind: "none" });

    clock.advance(openMs - 1);
    expect((await sms.send(message("still_open"))).outcome === "sent").toBe(true);
    expect(twilio.messages).toHaveLength(0);

    clock.advance(1);
    const results = await sendAll((m) => sms.send(m), range("up", 5));
    expect(results.map((r) => r.outcome === "sent" && r.provider)).toEqual(Array(5).fill("twilio"));
    expect(sms.circuit()).toBe("closed");
    const expected = [...range("down", 4), "still_open"].map((id) => `vonage:${id}`);
    expect(carried().sort()).toEqual([...expected, ...range("up", 5).map((id) => `twilio:${id}`)].sort());
  });

  it("sends one probe when half-open; a failed probe keeps the secondary carrying for another openMs", async () => {
    const { twilio, clock, sms } = await setup();
    twilio.setFaults({ kind: "random", probability: 1, faults: ["500"] });
    await sendAll((m) => sms.send(m), range("down", 3));
    clock.advance(openMs);

    const results = await Promise.all(range("burst", 5).map((id) => sms.send(message(id))));
    expect(results.every((r) => r.outcome === "sent" && r.provider === "vonage")).toBe(true);
    expect(twilio.requests).toHaveLength(4);
    expect(sms.circuit()).toBe("open");
    clock.advance(openMs - 1);
    await sms.send(message("later"));
    expect(twilio.requests).toHaveLength(4);
  });

  it("does not send a message elsewhere when the primary may have sent it, nor fail over on refusals", async () => {
    const { twilio, vonage, sms } = await setup();
    twilio.setFaults({ kind: "schedule", steps: ["timeout", "429", "ok"] });
    const [timedOut, throttled] = await sendAll((m) => sms.send(m), ["dlv_1", "dlv_2"]);
    expect(timedOut).toMatchObject({ outcome: "retry", cause: "unknown", provider: "twilio" });
    expect(throttled).toMatchObject({ outcome: "retry", cause: "throttled", provider: "twilio" });
    expect(await sms.send({ ...message("dlv_3"), to: "not-a-number" })).toMatchObject({
      outcome: "failed",
      code: "21211",
    });
    expect(vonage.messages).toHaveLength(0);
    expect(sms.circuit()).toBe("closed");
  });

  it("under a seeded storm of primary faults, with retries, carries each message exactly once", async () => {
    const { twilio, clock, sms, carried } = await setup();
    twilio.setFaults({
      kind: "random",
      probability: 0.7,
      faults: ["500", "timeout", "drop"],
      random: seededRandom(42),
    });
    let pending = range("dlv", 30);
    for (let round = 0; round < 10 && pending.length > 0; round++) {
      const results = await Promise.all(pending.map((id) => sms.send(message(id))));
      expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
      pending = results.filter((r) => r.outcome === "retry").map((r) => r.deliveryId);
      clock.advance(openMs / 4);
    }
    expect(pending).toEqual([]);
    const ids = carried().map((entry) => entry.split(":")[1]);
    expect(ids.sort()).toEqual(range("dlv", 30).sort());
    expect(carried().some((entry) => entry.startsWith("twilio:"))).toBe(true);
    expect(carried().some((entry) => entry.startsWith("vonage:"))).toBe(true);
  });

  it("refuses the same provider twice", async () => {
    const { twilio } = await setup();
    const one = createTwilioProvider({
      accountSid: twilio.accountSid,
      authToken: "t",
      from: "+1",
      baseUrl: twilio.url,
    });
    expect(() => createFailoverSms(one, one, { failureThreshold: 1, openMs: 1 })).toThrow(/both twilio/);
  });
});
