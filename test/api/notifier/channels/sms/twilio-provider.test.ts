import { afterEach, describe, expect, it } from "vitest";
import {
  createTwilioProvider,
  type TwilioProviderOptions,
} from "../../../../../api/notifier/channels/sms/twilio-provider.ts";
import { seededRandom } from "../../../../helpers/fake-resend.ts";
import { type FakeTwilio, type FakeTwilioOptions, startFakeTwilio } from "../../../../helpers/fake-twilio.ts";
import { listenOnLoopback } from "../../../../helpers/serve.ts";

let fake: FakeTwilio | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(fakeOptions: FakeTwilioOptions = {}, provider: Partial<TwilioProviderOptions> = {}) {
  fake = await startFakeTwilio(fakeOptions);
  const twilio = createTwilioProvider({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: "+33700000001",
    baseUrl: fake.url,
    maxPerSecond: 1000,
    timeoutMs: 500,
    ...provider,
  });
  return { fake, twilio };
}

const sms = (deliveryId: string, to = "+33612345678") => ({
  deliveryId,
  to,
  body: "Acme - incident: Checkout down. https://status.example.com/i/1",
});

describe("Twilio provider: sending", () => {
  it("sends To, From, Body and StatusCallback with basic auth, and returns Twilio's sid", async () => {
    const { fake, twilio } = await setup();
    const result = await twilio.send({
      ...sms("dlv_1"),
      statusCallbackUrl: "https://vigie.test/hooks/twilio",
    });

    expect(fake.messages).toHaveLength(1);
    const [recorded] = fake.messages;
    expect(recorded).toMatchObject({
      to: "+33612345678",
      from: "+33700000001",
      body: "Acme - incident: Checkout down. https://status.example.com/i/1",
      statusCallback: "https://vigie.test/hooks/twilio",
    });
    expect(result).toEqual({
      deliveryId: "dlv_1",
      outcome: "sent",
      providerId: recorded!.sid,
      provider: "twilio",
    });
  });

  it("sends through a Messaging Service when `from` is one", async () => {
    const service = `MG${"a".repeat(32)}`;
    const { fake, twilio } = await setup({}, { from: service });
    expect((await twilio.send(sms("dlv_1"))).outcome).toBe("sent");
    expect(fake.messages[0]?.from).toBe(service);
  });

  it("counts a wrong auth token as the provider being unusable, not as this message failing", async () => {
    const { fake, twilio } = await setup({}, { authToken: "wrong" });
    const result = await twilio.send(sms("dlv_1"));
    expect(result).toMatchObject({ outcome: "retry", cause: "unavailable", provider: "twilio" });
    expect(result.outcome === "retry" && result.reason).toMatch(/401 error 20003/);
    expect(fake.messages).toHaveLength(0);
  });

  it("refuses to start without credentials, naming the settings to fill", () => {
    expect(() => createTwilioProvider({ accountSid: "", authToken: "t", from: "+1" })).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
  });
});

describe("Twilio provider: refusals", () => {
  it("fails an invalid number with Twilio's code 21211 in the reason and the result", async () => {
    const { twilio } = await setup({ invalidNumbers: ["+33699999999"] });
    const result = await twilio.send(sms("dlv_1", "+33699999999"));
    expect(result).toMatchObject({ outcome: "failed", code: "21211", optedOut: false, provider: "twilio" });
    expect(result.outcome === "failed" && result.reason).toMatch(/error 21211: Invalid 'To' Phone Number/);
  });

  it("marks a recipient who replied STOP (21610) as opted out", async () => {
    const { twilio } = await setup({ optedOutNumbers: ["+33611111111"] });
    expect(await twilio.send(sms("dlv_1", "+33611111111"))).toMatchObject({
      outcome: "failed",
      code: "21610",
      optedOut: true,
    });
  });
});

describe("Twilio provider: trouble worth a retry", () => {
  it("retries a 429 after Twilio's Retry-After, as throttling", async () => {
    const { fake, twilio } = await setup({ retryAfterSeconds: 3 });
    fake.setFaults({ kind: "schedule", steps: ["429"] });
    const result = await twilio.send(sms("dlv_1"));
    expect(result).toMatchObject({ outcome: "retry", cause: "throttled", retryAfterMs: 3000 });
  });

  it("retries a 500 as unavailable, and a timeout or a dropped connection as unknown", async () => {
    const { fake, twilio } = await setup();
    fake.setFaults({ kind: "schedule", steps: ["500", "timeout", "drop", "drop-after-accept"] });
    const results = [];
    for (const id of ["dlv_1", "dlv_2", "dlv_3", "dlv_4"]) results.push(await twilio.send(sms(id)));
    expect(results.map((r) => r.outcome === "retry" && r.cause)).toEqual([
      "unavailable",
      "unknown",
      "unknown",
      "unknown",
    ]);
    expect(results[1]?.outcome === "retry" && results[1].reason).toMatch(/no answer within 500 ms/);
    // The connection lost on the way back hid a message that did go out: why it is not `unavailable`.
    expect(fake.messages).toHaveLength(1);
  });

  it("retries as unavailable when nothing listens, or when a proxy answers 502 with an HTML page", async () => {
    const closed = await listenOnLoopback(async () => {});
    await closed.close();
    const down = createTwilioProvider({ accountSid: "AC1", authToken: "t", from: "+1", baseUrl: closed.url });
    expect(await down.send(sms("dlv_1"))).toMatchObject({ outcome: "retry", cause: "unavailable" });

    const proxy = await listenOnLoopback(async (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<h1>Bad gateway</h1>");
    });
    const behindProxy = createTwilioProvider({
      accountSid: "AC1",
      authToken: "t",
      from: "+1",
      baseUrl: proxy.url,
    });
    const result = await behindProxy.send(sms("dlv_2"));
    await proxy.close();
    expect(result).toMatchObject({ outcome: "retry", cause: "unavailable" });
    expect(result.outcome === "retry" && result.reason).toMatch(/HTTP 502/);
  });

  it("under a seeded mix of faults, reports every message and sends none twice", async () => {
    // Retry-After 0: a 429 would otherwise rightly pause every sender for a second.
    const { fake, twilio } = await setup({ retryAfterSeconds: 0 });
    fake.setFaults({
      kind: "random",
      probability: 0.4,
      faults: ["500", "429", "drop"],
      random: seededRandom(7),
    });
    const ids = Array.from({ length: 40 }, (_, i) => `dlv_${i}`);
    const results = await Promise.all(ids.map((id) => twilio.send({ ...sms(id), body: id })));

    const sent = results.filter((r) => r.outcome === "sent");
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.length).toBeLessThan(40);
    expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
    expect(fake.messages.map((m) => m.body).sort()).toEqual(sent.map((r) => r.deliveryId).sort());
  });
});
