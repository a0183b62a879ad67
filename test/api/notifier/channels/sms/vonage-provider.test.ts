import { afterEach, describe, expect, it } from "vitest";
import {
  createVonageProvider,
  type VonageProviderOptions,
} from "../../../../../api/notifier/channels/sms/vonage-provider.ts";
import { type FakeVonage, type FakeVonageOptions, startFakeVonage } from "../../../../helpers/fake-vonage.ts";

let fake: FakeVonage | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(fakeOptions: FakeVonageOptions = {}, provider: Partial<VonageProviderOptions> = {}) {
  fake = await startFakeVonage(fakeOptions);
  const vonage = createVonageProvider({
    apiKey: fake.apiKey,
    apiSecret: fake.apiSecret,
    from: "Acme",
    baseUrl: fake.url,
    maxPerSecond: 1000,
    timeoutMs: 500,
    ...provider,
  });
  return { fake, vonage };
}

const sms = (
  deliveryId: string,
  body = "Acme - incident: Checkout down. https://status.example.com/i/1",
) => ({
  deliveryId,
  to: "+33612345678",
  body,
});

describe("Vonage provider: sending", () => {
  it("sends the number without +, our delivery id as client-ref and the receipt URL", async () => {
    const { fake, vonage } = await setup();
    const result = await vonage.send({
      ...sms("dlv_1"),
      statusCallbackUrl: "https://vigie.test/hooks/vonage",
    });

    const [recorded] = fake.messages;
    expect(recorded).toMatchObject({
      to: "33612345678",
      from: "Acme",
      type: "text",
      clientRef: "dlv_1",
      callback: "https://vigie.test/hooks/vonage",
    });
    expect(result).toEqual({
      deliveryId: "dlv_1",
      outcome: "sent",
      providerId: recorded!.messageIds[0],
      provider: "vonage",
    });
  });

  it("sends a text outside GSM-7 as unicode, and reports every part's id", async () => {
    const { fake, vonage } = await setup();
    const body = `🚨 Panne de paiement : enquête en cours. ${"x".repeat(60)}`;
    const result = await vonage.send(sms("dlv_1", body));
    expect(fake.messages[0]).toMatchObject({ type: "unicode", text: body });
    expect(fake.messages[0]?.messageIds).toHaveLength(2);
    expect(result).toMatchObject({ outcome: "sent", providerId: fake.messages[0]?.messageIds.join(",") });
  });

  it("counts bad credentials (status 4) as the provider being unusable", async () => {
    const { fake, vonage } = await setup({}, { apiSecret: "wrong" });
    const result = await vonage.send(sms("dlv_1"));
    expect(result).toMatchObject({ outcome: "retry", cause: "unavailable", provider: "vonage" });
    expect(result.outcome === "retry" && result.reason).toMatch(/status 4: Bad Credentials/);
    expect(fake.messages).toHaveLength(0);
  });
});

describe("Vonage provider: status mapping", () => {
  it("fails an invalid number (3) and marks a barred one (7) as opted out", async () => {
    const { vonage } = await setup({ invalidNumbers: ["33699999999"], barredNumbers: ["33611111111"] });
    expect(await vonage.send({ ...sms("dlv_1"), to: "+33699999999" })).toMatchObject({
      outcome: "failed",
      code: "3",
      optedOut: false,
    });
    expect(await vonage.send({ ...sms("dlv_2"), to: "+33611111111" })).toMatchObject({
      outcome: "failed",
      code: "7",
      optedOut: true,
    });
  });

  it("retries throttling (1) as throttled; an internal error (5) and no credit (9) as unavailable", async () => {
    const { fake, vonage } = await setup();
    fake.setFaults({ kind: "schedule", steps: ["status-1", "status-5", "status-9", "ok"] });
    const results = [];
    for (const id of ["dlv_1", "dlv_2", "dlv_3", "dlv_4"]) results.push(await vonage.send(sms(id)));
    expect(results.map((r) => (r.outcome === "retry" ? r.cause : r.outcome))).toEqual([
      "throttled",
      "unavailable",
      "unavailable",
      "sent",
    ]);
    expect(fake.messages.map((m) => m.clientRef)).toEqual(["dlv_4"]);
  });

  it("retries HTTP 500 as unavailable, and a timeout or a lost answer as unknown", async () => {
    const { fake, vonage } = await setup();
    fake.setFaults({ kind: "schedule", steps: ["500", "timeout", "drop-after-accept"] });
    const results = [];
    for (const id of ["dlv_1", "dlv_2", "dlv_3"]) results.push(await vonage.send(sms(id)));
    expect(results.map((r) => r.outcome === "retry" && r.cause)).toEqual([
      "unavailable",
      "unknown",
      "unknown",
    ]);
    expect(fake.messages.map((m) => m.clientRef)).toEqual(["dlv_3"]);
  });

  it("fails, rather than retries, a long message whose first part went out", async () => {
    const { fake, vonage } = await setup();
    fake.setFaults({ kind: "schedule", steps: ["part-2-throttled"] });
    const result = await vonage.send(sms("dlv_1", "a".repeat(200)));
    expect(result).toMatchObject({ outcome: "failed", code: "1" });
    expect(result.outcome === "failed" && result.reason).toMatch(/1 of 2 parts sent/);
    expect(fake.messages).toHaveLength(1);
  });
});
