import { afterEach, describe, expect, it } from "vitest";
import {
  batchIdempotencyKey,
  createResendChannel,
  type ResendChannelOptions,
} from "../../../../api/notifier/channels/resend-channel.ts";
import { type FakeResend, type FakeResendOptions, startFakeResend } from "../../../helpers/fake-resend.ts";
import { outgoingEmails } from "../../../helpers/outgoing-emails.ts";

let fake: FakeResend | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(fakeOptions: FakeResendOptions = {}, channel: Partial<ResendChannelOptions> = {}) {
  fake = await startFakeResend({ requestsPerSecond: 100, ...fakeOptions });
  const resend = createResendChannel({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    from: "Acme status <status@acme.test>",
    maxPerSecond: 100,
    timeoutMs: 2000,
    ...channel,
  });
  return { fake, resend };
}

const emails = (count: number, prefix = "dlv") => outgoingEmails(count, prefix, 4);

const batchCalls = (f: FakeResend) => f.requests.filter((r) => r.path === "/emails/batch");

describe("Resend channel: batching and idempotency", () => {
  it("sends 250 emails as 3 calls of at most 100, with keys that stay the same when repeated", async () => {
    const { fake, resend } = await setup();
    const messages = emails(250);
    const first = await resend.sendBatch(messages);

    expect(first.map((r) => r.outcome)).toEqual(Array(250).fill("sent"));
    expect(first.map((r) => r.deliveryId)).toEqual(messages.map((m) => m.deliveryId));
    expect(batchCalls(fake)).toHaveLength(3);
    const perKey = Map.groupBy(fake.emails, (e) => e.idempotencyKey);
    expect([...perKey.values()].map((group) => group.length).sort()).toEqual([100, 100, 50]);
    const expectedKeys = [0, 100, 200].map((start) =>
      batchIdempotencyKey(messages.slice(start, start + 100).map((m) => m.deliveryId)),
    );
    expect(new Set(batchCalls(fake).map((r) => r.idempotencyKey))).toEqual(new Set(expectedKeys));
    expect(batchCalls(fake).every((r) => r.batchValidation === "permissive")).toBe(true);

    const sent = fake.emails.find((e) => e.to[0] === "reader-dlv_0007@example.com")!;
    expect(sent).toMatchObject({
      from: "Acme status <status@acme.test>",
      subject: "Checkout is degraded",
      html: "<p>Hello dlv_0007</p>",
      text: "Hello dlv_0007",
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    expect(first[7]).toEqual({ deliveryId: "dlv_0007", outcome: "sent", providerId: sent.id });

    // The same deliveries in another order: same calls, answered from Resend's idempotency record.
    const again = await resend.sendBatch([...messages].reverse());
    expect(batchCalls(fake)).toHaveLength(6);
    expect(
      new Set(
        batchCalls(fake)
          .slice(3)
          .map((r) => r.idempotencyKey),
      ),
    ).toEqual(new Set(expectedKeys));
    expect(
      batchCalls(fake)
        .slice(3)
        .every((r) => r.replayed),
    ).toBe(true);
    expect(fake.emails).toHaveLength(250);
    expect(again.reverse()).toEqual(first);
  });

  it("repeats a batch whose answer was lost on a dropped connection without sending it twice", async () => {
    const { fake, resend } = await setup();
    fake.setFaults({ kind: "schedule", steps: ["drop-after-accept"] });
    const messages = emails(10);

    const lost = await resend.sendBatch(messages);
    expect(lost.map((r) => r.outcome)).toEqual(Array(10).fill("retry"));
    expect(fake.emails).toHaveLength(10);

    const retried = await resend.sendBatch(messages);
    expect(retried.map((r) => r.outcome)).toEqual(Array(10).fill("sent"));
    expect(fake.emails).toHaveLength(10);
    expect(batchCalls(fake).map((r) => r.replayed)).toEqual([false, true]);
    expect(retried.map((r) => (r.outcome === "sent" ? r.providerId : null))).toEqual(
      fake.emails.map((e) => e.id),
    );
  });
});

describe("Resend channel: rate limits", () => {
  it("honours retry-after on a 429: the delivery is retried later and the next call waits", async () => {
    const { fake, resend } = await setup({ faultRetryAfterSeconds: 1 });
    fake.setFaults({ kind: "schedule", steps: ["429"] });

    const [limited] = await resend.sendBatch(emails(1, "a"));
    expect(limited).toMatchObject({ outcome: "retry", retryAfterMs: 1000 });
    expect(limited?.outcome === "retry" && limited.reason).toMatch(/^429 rate_limit_exceeded/);

    const [sent] = await resend.sendBatch(emails(1, "b"));
    expect(sent?.outcome).toBe("sent");
    const [first, second] = batchCalls(fake);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.at - first!.at).toBeLessThan(1500);
  });

  it("keeps to its rate: no second holds more than N + 1 request starts, and the pace is not much slower", async () => {
    const { fake, resend } = await setup({ requestsPerSecond: 200 }, { maxPerSecond: 20 });
    const results = await Promise.all(emails(31).map((message) => resend.sendBatch([message])));

    expect(results.flat().every((r) => r.outcome === "sent")).toBe(true);
    const starts = batchCalls(fake).map((r) => r.at);
    expect(starts).toHaveLength(31);
    for (let i = 0; i + 21 < starts.length; i++) expect(starts[i + 21]! - starts[i]!).toBeGreaterThan(1000);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(1450);
    expect(starts.at(-1)! - starts[0]!).toBeLessThan(2000);
  });

  it("slows down to the ratelimit-limit the provider advertises, and so gets no 429", async () => {
    const { fake, resend } = await setup({ requestsPerSecond: 10 }, { maxPerSecond: 100 });
    const results = await Promise.all(emails(15).map((message) => resend.sendBatch([message])));

    expect(results.flat().every((r) => r.outcome === "sent")).toBe(true);
    expect(batchCalls(fake).map((r) => r.outcome)).toEqual(Array(15).fill(200));
    const starts = batchCalls(fake).map((r) => r.at);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(1200);
  });
});

describe("Resend channel: failures", () => {
  it.each([
    ["500", /^500 internal_server_error/],
    ["timeout", /^timeout after 300 ms$/],
    ["drop", /application_error/],
  ] as const)("a %s gives every delivery of the call a retry", async (fault, reason) => {
    const { fake, resend } = await setup({}, { timeoutMs: 300 });
    fake.setFaults({ kind: "schedule", steps: [fault] });
    const results = await resend.sendBatch(emails(3));

    for (const result of results) {
      expect(result).toMatchObject({ outcome: "retry", retryAfterMs: null });
      expect(result.outcome === "retry" && result.reason).toMatch(reason);
    }
    expect(fake.emails).toHaveLength(0);
    expect(batchCalls(fake)[0]?.outcome).toBe(fault === "500" ? 500 : fault);
  });

  it("fails only the delivery with a bad address, with Resend's message, and sends the others", async () => {
    const { fake, resend } = await setup();
    const messages = emails(5);
    messages[2] = { ...messages[2]!, to: "not-an-address" };
    const results = await resend.sendBatch(messages);

    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent", "failed", "sent", "sent"]);
    expect(results[2]).toEqual({
      deliveryId: "dlv_0002",
      outcome: "failed",
      reason: expect.stringContaining("Invalid `to` field"),
    });
    expect(fake.emails.map((e) => e.to[0])).not.toContain("not-an-address");
    expect(fake.emails).toHaveLength(4);
    const ids = results.flatMap((r) => (r.outcome === "sent" ? [r.providerId] : []));
    expect(ids).toEqual(fake.emails.map((e) => e.id));
  });

  it("fails every delivery with the provider's reason when the API key is wrong", async () => {
    const { fake } = await setup();
    const resend = createResendChannel({ apiKey: "re_wrong", baseUrl: fake.url, from: "status@acme.test" });
    const results = await resend.sendBatch(emails(3));

    expect(results).toEqual(
      ["dlv_0000", "dlv_0001", "dlv_0002"].map((deliveryId) => ({
        deliveryId,
        outcome: "failed",
        reason: "403 invalid_api_key: API key is invalid.",
      })),
    );
    expect(fake.emails).toHaveLength(0);
  });

  it("refuses to start without an API key rather than read one from the environment", async () => {
    expect(() =>
      createResendChannel({ apiKey: "", baseUrl: "http://127.0.0.1:1", from: "a@b.test" }),
    ).toThrow(/API key is empty/);
  });
});
