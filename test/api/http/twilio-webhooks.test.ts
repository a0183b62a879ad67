import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../api/config.ts";
import { smsConfirmationCode } from "../../../api/domain/subscribers/sms-codes.ts";
import { requestSmsCode } from "../../../api/domain/subscribers/subscribe-sms.ts";
import { verifySmsCode } from "../../../api/domain/subscribers/verify-sms-code.ts";
import { createApp } from "../../../api/http/app.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../helpers/harness.ts";

const authToken = "0123456789abcdef0123456789abcdef";
let t: TestDb;
let app: ReturnType<typeof createApp>;
beforeEach(async () => {
  t = await createTestDb();
  app = createApp({ deps: t.deps, publicUrl: testPublicUrl, twilioAuthToken: authToken });
});
afterEach(() => t.close());

/**
 * Twilio's documented algorithm, written out independently of the server's code: the full URL, then
 * each POST parameter's name and value in alphabetical order of names, HMAC-SHA1 with the auth
 * token, base64.
 */
function sign(url: string, params: Record<string, string>, token = authToken): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", token).update(Buffer.from(data, "utf-8")).digest("base64");
}

interface PostOptions {
  signature?: string | null;
  signedParams?: Record<string, string>;
  signedUrl?: string;
}

function post(path: string, params: Record<string, string>, options: PostOptions = {}) {
  const signature =
    options.signature === undefined
      ? sign(options.signedUrl ?? `${testPublicUrl}${path}`, options.signedParams ?? params)
      : options.signature;
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["X-Twilio-Signature"] = signature;
  return app.request(path, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

const inbound = (from: string, body: string, extra: PostOptions = {}) =>
  post(
    "/api/webhooks/twilio/inbound",
    {
      AccountSid: "AC00000000000000000000000000000000",
      From: from,
      To: "+15005550006",
      Body: body,
      MessageSid: "SM1",
    },
    extra,
  );

const phone = "+33612345678";
async function activeNumber(number = phone) {
  await requestSmsCode({ ctx: { deps: t.deps }, input: { channel: "sms", phone: number } });
  const [person] = await t.deps.db.select().from(subscribers).where(eq(subscribers.address, number));
  const [delivery] = await t.deps.db.select().from(deliveries).where(eq(deliveries.subscriberId, person!.id));
  const code = await smsConfirmationCode(t.deps, delivery!);
  expect(await verifySmsCode({ ctx: { deps: t.deps }, input: { phone: number, code: code! } })).toMatchObject(
    { outcome: "confirmed" },
  );
  return { subscriberId: person!.id, deliveryId: delivery!.id };
}
/** The refusal message of an error answer. */
const messageOf = async (res: Response) =>
  ((await res.json()) as { error: { message: string } }).error.message;
const stateOf = async (number = phone) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.address, number)))[0]?.state;

describe("X-Twilio-Signature", () => {
  it("accepts a request signed per Twilio's algorithm and answers empty TwiML", async () => {
    const res = await inbound(phone, "hello");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/xml/);
    expect(await res.text()).toMatch(/<Response\/>$/);
  });

  it("refuses a missing signature with 401 and a wrong one with 403", async () => {
    await activeNumber();
    const missing = await inbound(phone, "STOP", { signature: null });
    expect(missing.status).toBe(401);
    expect(await messageOf(missing)).toMatch(/Missing X-Twilio-Signature/);
    const cases: PostOptions[] = [
      { signature: sign(`${testPublicUrl}/api/webhooks/twilio/inbound`, { Body: "STOP" }, "f".repeat(32)) },
      // Signed for another message: one parameter tampered with.
      {
        signedParams: {
          AccountSid: "AC00000000000000000000000000000000",
          From: phone,
          To: "+15005550006",
          Body: "hello",
          MessageSid: "SM1",
        },
      },
      { signedUrl: "http://elsewhere.test/api/webhooks/twilio/inbound" },
      { signature: "not base64 at all" },
    ];
    for (const options of cases) {
      const res = await inbound(phone, "STOP", options);
      expect(res.status).toBe(403);
      expect(await messageOf(res)).toContain("X-Twilio-Signature does not match");
    }
    expect(await stateOf()).toBe("active");
  });

  it("refuses every call with 503 when no auth token is configured", async () => {
    app = createApp({ deps: t.deps, publicUrl: testPublicUrl });
    const res = await inbound(phone, "STOP");
    expect(res.status).toBe(503);
    expect(await messageOf(res)).toMatch(/set TWILIO_AUTH_TOKEN/);
    expect(
      (await post("/api/webhooks/twilio/status", { MessageSid: "SM1", MessageStatus: "delivered" })).status,
    ).toBe(503);
  });
});

describe("POST /api/webhooks/twilio/inbound", () => {
  it("unsubscribes the number on STOP and its synonyms, whatever the case and spaces", async () => {
    const words = ["STOP", " stop ", "StopAll", "UNSUBSCRIBE", "cancel", "End", "quit"];
    for (const [i, word] of words.entries()) {
      const number = `+3361234560${i}`;
      await activeNumber(number);
      expect((await inbound(number, word)).status).toBe(200);
      expect(await stateOf(number), word).toBe("unsubscribed");
    }
  });

  it("ignores other texts", async () => {
    await activeNumber();
    for (const body of ["stop it please", "hello", ""]) await inbound(phone, body);
    expect(await stateOf()).toBe("active");
  });

  it("brings back on START or UNSTOP only a number that had confirmed", async () => {
    await activeNumber();
    await inbound(phone, "STOP");
    await inbound(phone, "start");
    expect(await stateOf()).toBe("active");
    await inbound(phone, "STOP");
    await inbound(phone, "UNSTOP");
    expect(await stateOf()).toBe("active");

    const never = "+33699999999";
    await requestSmsCode({ ctx: { deps: t.deps }, input: { channel: "sms", phone: never } });
    await inbound(never, "STOP");
    expect(await stateOf(never)).toBe("unsubscribed");
    await inbound(never, "START");
    expect(await stateOf(never)).toBe("unsubscribed");
  });
});

describe("POST /api/webhooks/twilio/status", () => {
  /** A text the notifier handed to Twilio: the delivery is `sent` with Twilio's message SID. */
  async function sentText(sid: string) {
    const to = `+3367777777${sid.at(-1)}`;
    const { deliveryId, subscriberId } = await activeNumber(to);
    await t.deps.db
      .update(deliveries)
      .set({ state: "sent", providerMessageId: sid, provider: "twilio" })
      .where(eq(deliveries.id, deliveryId));
    return { deliveryId, subscriberId, to };
  }
  const status = (params: Record<string, string>) => post("/api/webhooks/twilio/status", params);
  const delivery = async (id: string) =>
    (await t.deps.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;

  it("marks a delivered text delivered, once", async () => {
    const { deliveryId, to } = await sentText("SM0000000000000000000000000000001");
    await status({ MessageSid: "SM0000000000000000000000000000001", MessageStatus: "sent", To: to });
    expect((await delivery(deliveryId)).state).toBe("sent");
    const res = await status({
      MessageSid: "SM0000000000000000000000000000001",
      MessageStatus: "delivered",
      To: to,
    });
    expect(await res.json()).toEqual({ status: "recorded" });
    expect((await delivery(deliveryId)).state).toBe("delivered");
    const again = await status({
      MessageSid: "SM0000000000000000000000000000001",
      MessageStatus: "delivered",
      To: to,
    });
    expect(await again.json()).toEqual({ status: "unchanged" });
  });

  it("marks an undelivered text failed with Twilio's error code, keeping the subscriber", async () => {
    const { deliveryId, subscriberId, to } = await sentText("SM0000000000000000000000000000002");
    await status({
      To: to,
      MessageSid: "SM0000000000000000000000000000002",
      MessageStatus: "undelivered",
      ErrorCode: "30003",
    });
    expect(await delivery(deliveryId)).toMatchObject({
      state: "failed",
      lastError: "twilio undelivered: error 30003",
    });
    const [person] = await t.deps.db.select().from(subscribers).where(eq(subscribers.id, subscriberId));
    expect(person?.state).toBe("active");
  });

  it("unsubscribes a recipient who opted out at the carrier (error 21610)", async () => {
    const { deliveryId, subscriberId, to } = await sentText("SM0000000000000000000000000000003");
    await status({
      To: to,
      MessageSid: "SM0000000000000000000000000000003",
      MessageStatus: "failed",
      ErrorCode: "21610",
    });
    expect((await delivery(deliveryId)).state).toBe("failed");
    const [person] = await t.deps.db.select().from(subscribers).where(eq(subscribers.id, subscriberId));
    expect(person).toMatchObject({ state: "unsubscribed", unsubscribedAt: t.clock.now() });
  });

  it("finds a text by its number and SID together: the SID sent to another number is not it", async () => {
    const { deliveryId } = await sentText("SM0000000000000000000000000000004");
    const res = await status({
      MessageSid: "SM0000000000000000000000000000004",
      MessageStatus: "delivered",
      To: "+33677777770",
    });
    expect(await res.json()).toEqual({ status: "unknown-message" });
    expect((await delivery(deliveryId)).state).toBe("sent");
  });

  it("acknowledges a callback that names no message, changing nothing", async () => {
    const { deliveryId, to } = await sentText("SM0000000000000000000000000000005");
    const res = await status({ MessageStatus: "undelivered", ErrorCode: "21610", To: to });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ignored" });
    expect((await delivery(deliveryId)).state).toBe("sent");
  });

  it("acknowledges callbacks about unknown messages", async () => {
    const res = await status({ MessageSid: "SM_unknown", MessageStatus: "delivered" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "unknown-message" });
  });
});

describe("Twilio configuration", () => {
  it("reads the TWILIO_* variables and never echoes the auth token", () => {
    expect(
      parseConfig({
        TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_FROM: "+15005550006",
        TWILIO_BASE_URL: "http://127.0.0.1:4011/",
      }).sms.twilio,
    ).toEqual({
      accountSid: "AC0123456789abcdef0123456789abcdef",
      authToken,
      from: "+15005550006",
      baseUrl: "http://127.0.0.1:4011",
    });
    expect(() => parseConfig({ TWILIO_AUTH_TOKEN: "short-secret" })).toThrow(/TWILIO_AUTH_TOKEN .*"\*\*\*"/);
    expect(() => parseConfig({ TWILIO_ACCOUNT_SID: "SK123" })).toThrow(
      /TWILIO_ACCOUNT_SID must be the Account SID/,
    );
  });
});
