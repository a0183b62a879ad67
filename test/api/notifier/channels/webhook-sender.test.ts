import { afterEach, describe, expect, it } from "vitest";
import type { SafeFetch } from "../../../../api/net/safe-fetch.ts";
import { createWebhookSender } from "../../../../api/notifier/channels/webhook/send-webhook.ts";
import {
  loopbackFetch,
  type ReceiverAnswer,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../../helpers/webhook-receiver.ts";

// 24 random bytes, base64, as Standard Webhooks secrets are made.
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const body = JSON.stringify({ meta: { unsubscribe: "http://status.test/u" }, page: { id: "page_1" } });

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function setup(options: { timeoutMs?: number; fetch?: SafeFetch; answers?: ReceiverAnswer[] } = {}) {
  receiver = await startWebhookReceiver({ secret });
  receiver.answerNext(...(options.answers ?? []));
  const sender = createWebhookSender({ fetch: options.fetch ?? loopbackFetch, timeoutMs: options.timeoutMs });
  const send = (overrides: { deliveryId?: string; timestamp?: Date; url?: string } = {}) =>
    sender.send({
      deliveryId: overrides.deliveryId ?? "dlv_01",
      url: overrides.url ?? `${receiver!.url}/hooks/status`,
      secret,
      body,
      timestamp: overrides.timestamp ?? new Date(),
    });
  return { receiver, send };
}

describe("webhook signatures (Standard Webhooks)", () => {
  it("signs so that both the standardwebhooks and the svix verifiers accept the request", async () => {
    const { receiver, send } = await setup();
    const at = new Date();
    expect(await send({ timestamp: at })).toEqual({
      deliveryId: "dlv_01",
      outcome: "sent",
      providerId: "dlv_01",
    });

    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", path: "/hooks/status", body });
    expect(request!.headers).toMatchObject({
      "content-type": "application/json",
      "webhook-id": "dlv_01",
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
    expect(request!.verification).toEqual({ standardwebhooks: null, svix: null });
  });

  it("keeps the webhook-id across retries, with a fresh timestamp and signature each time", async () => {
    const { receiver, send } = await setup({ answers: [{ status: 500, body: "boom" }] });
    const first = await send({ deliveryId: "dlv_retry", timestamp: new Date(Date.now() - 60_000) });
    const second = await send({ deliveryId: "dlv_retry", timestamp: new Date() });

    expect(first).toEqual({
      deliveryId: "dlv_retry",
      outcome: "retry",
      reason: "answered 500: boom",
      retryAfterMs: null,
    });
    expect(second.outcome).toBe("sent");
    const [a, b] = receiver.requests;
    expect(a!.headers["webhook-id"]).toBe("dlv_retry");
    expect(b!.headers["webhook-id"]).toBe("dlv_retry");
    expect(a!.headers["webhook-timestamp"]).not.toBe(b!.headers["webhook-timestamp"]);
    expect(a!.headers["webhook-signature"]).not.toBe(b!.headers["webhook-signature"]);
    expect([a!.verification, b!.verification]).toEqual([
      { standardwebhooks: null, svix: null },
      { standardwebhooks: null, svix: null },
    ]);
  });

  it("is refused by both verifiers when the body was changed on the way", async () => {
    // A middlebox that rewrites the body after it was signed.
    const tampering: SafeFetch = (url, init = {}) =>
      loopbackFetch(url, { ...init, body: String(init.body).replace("page_1", "page_2") });
    const { receiver, send } = await setup({ fetch: tampering });
    await send();
    expect(receiver.requests[0]!.body).toContain("page_2");
    expect(receiver.requests[0]!.verification).toEqual({
      standardwebhooks: "No matching signature found",
      svix: "No matching signature found",
    });
  });

  it("is refused by both verifiers when the timestamp is more than 5 minutes old", async () => {
    const { receiver, send } = await setup();
    await send({ timestamp: new Date(Date.now() - 6 * 60_000) });
    await send({ timestamp: new Date(Date.now() - 4 * 60_000) });
    expect(receiver.requests.map((r) => r.verification)).toEqual([
      { standardwebhooks: "Message timestamp too old", svix: "Message timestamp too old" },
      { standardwebhooks: null, svix: null },
    ]);
  });

  it("fails a delivery whose secret cannot be decoded, without calling the endpoint", async () => {
    receiver = await startWebhookReceiver({ secret });
    const sender = createWebhookSender({ fetch: loopbackFetch });
    const result = await sender.send({
      deliveryId: "dlv_bad",
      url: `${receiver.url}/hooks`,
      secret: "whsec_",
      body,
      timestamp: new Date(),
    });
    expect(result).toMatchObject({ outcome: "failed", reason: expect.stringContaining("whsec_") });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe("webhook answers", () => {
  it.each([301, 302, 307, 308])("does not follow a %i redirect and retries later", async (status) => {
    receiver = await startWebhookReceiver({ secret });
    const target = `${receiver.url}/redirect-target`;
    receiver.answerNext({ status, headers: { location: target } });
    const sender = createWebhookSender({ fetch: loopbackFetch });
    const result = await sender.send({
      deliveryId: "dlv_3xx",
      url: `${receiver.url}/hooks`,
      secret,
      body,
      timestamp: new Date(),
    });
    expect(result).toEqual({
      deliveryId: "dlv_3xx",
      outcome: "retry",
      reason: `redirects are not followed (answered ${status} to ${target})`,
      retryAfterMs: null,
    });
    expect(receiver.hits("/redirect-target")).toBe(0);
    expect(receiver.hits("/hooks")).toBe(1);
  });

  it("gives up waiting after the timeout and retries later", async () => {
    const { send } = await setup({ timeoutMs: 200, answers: [{ status: 200, delayMs: 3000 }] });
    const started = performance.now();
    const result = await send();
    expect(result).toEqual({
      deliveryId: "dlv_01",
      outcome: "retry",
      reason: "no answer within 200 ms",
      retryAfterMs: null,
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("waits 15 s by default, posts JSON and never lets fetch follow redirects", async () => {
    const calls: Parameters<SafeFetch>[] = [];
    const recording: SafeFetch = async (...args) => {
      calls.push(args);
      return new Response(null, { status: 204 });
    };
    const sender = createWebhookSender({ fetch: recording, maxResponseBytes: 1024 });
    const result = await sender.send({
      deliveryId: "dlv_x",
      url: "https://hooks.example.com/x",
      secret,
      body,
      timestamp: new Date(),
    });
    expect(result.outcome).toBe("sent");
    expect(calls[0]![1]).toMatchObject({
      method: "POST",
      redirect: "manual",
      timeoutMs: 15_000,
      maxBytes: 1024,
    });
    expect(calls[0]![1]!.signal).toBeInstanceOf(AbortSignal);
  });

  it("fails for good on 410 Gone", async () => {
    const { send } = await setup({ answers: [{ status: 410, body: "endpoint removed" }] });
    expect(await send()).toEqual({
      deliveryId: "dlv_01",
      outcome: "failed",
      reason: "answered 410: endpoint removed (the endpoint is gone)",
    });
  });

  it("retries other 4xx and 5xx (endpoints come back), after Retry-After when given", async () => {
    const { send } = await setup({
      answers: [
        { status: 404, body: "not found" },
        { status: 429, headers: { "retry-after": "30" } },
        { status: 503, headers: { "retry-after": "120" }, body: "<html>".padEnd(5000, "x") },
      ],
    });
    expect(await send()).toMatchObject({
      outcome: "retry",
      reason: "answered 404: not found",
      retryAfterMs: null,
    });
    expect(await send()).toMatchObject({ outcome: "retry", reason: "answered 429", retryAfterMs: 30_000 });
    const unavailable = await send();
    expect(unavailable).toMatchObject({ outcome: "retry", retryAfterMs: 120_000 });
    // Only the start of a large error page is quoted.
    expect((unavailable as { reason: string }).reason.length).toBeLessThan(260);
  });

  it("retries when nothing listens at the address", async () => {
    const { receiver, send } = await setup();
    const url = `${receiver.url}/hooks`;
    await receiver.close();
    expect(await send({ url })).toMatchObject({
      outcome: "retry",
      reason: expect.stringMatching(/^could not reach .*ECONNREFUSED/),
    });
  });

  it("fails at once when the SSRF guard refuses the URL", async () => {
    const { receiver, send } = await setup();
    // Link-local stays refused even where private targets are allowed: cloud metadata lives there.
    expect(await send({ url: "http://169.254.169.254/latest/meta-data" })).toEqual({
      deliveryId: "dlv_01",
      outcome: "failed",
      reason: expect.stringMatching(/^Refused: .*169\.254\.169\.254/),
    });
    expect(receiver.requests).toHaveLength(0);
  });
});
