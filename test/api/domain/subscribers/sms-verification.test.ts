import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smsConfirmationCode } from "../../../../api/domain/subscribers/sms-codes.ts";
import { requestSmsCode } from "../../../../api/domain/subscribers/subscribe-sms.ts";
import { verifySmsCode } from "../../../../api/domain/subscribers/verify-sms-code.ts";
import { deliveries, subscribers } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const phone = "+33612345678";
const subscriberOf = async (number = phone) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.address, number)))[0];
const codeDeliveries = async (number = phone) => {
  const person = await subscriberOf(number);
  return t.deps.db.select().from(deliveries).where(eq(deliveries.subscriberId, person!.id));
};

/** Subscribes the number and returns the code the notifier would text for the newest request. */
async function requestCode(number = phone): Promise<string> {
  await requestSmsCode({ ctx: { deps: t.deps }, input: { channel: "sms", phone: number } });
  const [delivery] = await codeDeliveries(number);
  const code = await smsConfirmationCode(t.deps, delivery!);
  if (!code) throw new Error("no code for the queued SMS");
  return code;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("SMS double opt-in", () => {
  it("queues one SMS confirmation carrying a 6-digit code that is stored nowhere in clear", async () => {
    const code = await requestCode();
    expect(code).toMatch(/^\d{6}$/);
    const deliveryRows = await codeDeliveries();
    expect(deliveryRows).toHaveLength(1);
    expect(deliveryRows[0]).toMatchObject({ channel: "sms", kind: "confirmation", state: "pending" });
    const person = await subscriberOf();
    expect(person).toMatchObject({ state: "pending", channel: "sms", verificationAttempts: 0 });
    expect(person!.verificationExpiresAt).toEqual(new Date(t.clock.now().getTime() + 10 * 60_000));
    expect(JSON.stringify([person, deliveryRows])).not.toContain(code);
  });

  it("confirms the number with the right code, once", async () => {
    const code = await requestCode();
    const result = await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code } });
    expect(result.outcome).toBe("confirmed");
    expect(await subscriberOf()).toMatchObject({
      state: "active",
      confirmedAt: t.clock.now(),
      verificationCodeHash: null,
    });
    // The code is spent: using it again finds no code, and the delivery no longer renders one.
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code } })).toEqual({
      outcome: "expired",
    });
    expect(await smsConfirmationCode(t.deps, (await codeDeliveries())[0]!)).toBeNull();
  });

  it("counts wrong codes down, and after the fifth the right code no longer works", async () => {
    const code = await requestCode();
    const left: unknown[] = [];
    for (let i = 0; i < 5; i++)
      left.push(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code: wrong(code) } }));
    expect(left).toEqual([
      { outcome: "wrong", attemptsLeft: 4 },
      { outcome: "wrong", attemptsLeft: 3 },
      { outcome: "wrong", attemptsLeft: 2 },
      { outcome: "wrong", attemptsLeft: 1 },
      { outcome: "expired" },
    ]);
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code } })).toEqual({
      outcome: "expired",
    });
    expect((await subscriberOf())!.state).toBe("pending");
    // Subscribing again starts a fresh code with fresh tries.
    const next = await requestCode();
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code: next } })).toMatchObject({
      outcome: "confirmed",
    });
  });

  it("lets a code expire after 10 minutes", async () => {
    const code = await requestCode();
    t.clock.advance(10 * 60_000 - 1);
    expect(await smsConfirmationCode(t.deps, (await codeDeliveries())[0]!)).toBe(code);
    t.clock.advance(1);
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code } })).toEqual({
      outcome: "expired",
    });
    expect(await smsConfirmationCode(t.deps, (await codeDeliveries())[0]!)).toBeNull();
  });

  it("replaces an unsent code by a new one when asked again, and the old code stops working", async () => {
    await requestSmsCode({ ctx: { deps: t.deps }, input: { channel: "sms", phone } });
    const [first] = await codeDeliveries();
    const oldCode = (await smsConfirmationCode(t.deps, first!))!;
    t.clock.advance(1000);
    const newCode = await requestCode();
    const rows = await codeDeliveries();
    expect(rows.map((d) => d.id)).not.toContain(first!.id);
    expect(rows).toHaveLength(1);
    // The superseded delivery, had a worker already claimed it, would render nothing.
    expect(await smsConfirmationCode(t.deps, first!)).toBeNull();
    if (oldCode !== newCode)
      expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code: oldCode } })).toMatchObject({
        outcome: "wrong",
      });
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone, code: newCode } })).toMatchObject({
      outcome: "confirmed",
    });
  });

  it("answers the same for an unknown number, a new one and one already subscribed", async () => {
    const active = "+33611111111";
    await verifySmsCode({ ctx: { deps: t.deps }, input: { phone: active, code: await requestCode(active) } });
    const fresh = "+33622222222";
    const unknown = "+33633333333";
    // Without asking for a code: nothing to confirm, whoever the number is.
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone: active, code: "123456" } })).toEqual({
      outcome: "expired",
    });
    expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone: unknown, code: "123456" } })).toEqual(
      { outcome: "expired" },
    );
    // After asking: the same countdown, though only the new number was texted.
    const textedBefore = (await codeDeliveries(active)).length;
    await requestSmsCode({ ctx: { deps: t.deps }, input: { channel: "sms", phone: active } });
    await requestSmsCode({ ctx: { deps: t.deps }, input: { channel: "sms", phone: fresh } });
    const answers = async (number: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < 6; i++)
        out.push(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone: number, code: "000000" } }));
      return out;
    };
    expect(await answers(active)).toEqual(await answers(fresh));
    expect(await codeDeliveries(active)).toHaveLength(textedBefore);
    expect(await codeDeliveries(fresh)).toHaveLength(1);
    expect(await subscriberOf(active)).toMatchObject({ state: "active" });
  });
});
