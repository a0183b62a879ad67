import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessageInput, ChatService } from "../../../../api/notifier/channels/chat/chat-message.ts";
import { chatFormats, createChatSender } from "../../../../api/notifier/channels/chat/send-chat.ts";
import {
  loopbackFetch,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../../helpers/webhook-receiver.ts";

const message: ChatMessageInput = {
  pageName: "Acme",
  incidentName: "Checkout errors",
  status: "investigating",
  impact: "minor",
  body: "We are looking into it.",
  components: [{ name: "Checkout", status: "degraded_performance" }],
  url: "https://status.acme.test/incidents/inc_1",
  locale: "en",
};

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function setup(timeoutMs?: number) {
  receiver = await startWebhookReceiver();
  const sender = createChatSender({ fetch: loopbackFetch, timeoutMs });
  const send = (service: ChatService, deliveryId = "dlv_chat") =>
    sender.send({ deliveryId, service, url: `${receiver!.url}/hook/${service}`, message });
  return { receiver, send };
}

describe("chat sender", () => {
  it.each([
    ["slack", 200, "ok"],
    ["discord", 204, ""],
    ["teams", 202, "1"],
  ] as const)("posts the %s message and counts its %i answer as sent", async (service, status, answer) => {
    const { receiver, send } = await setup();
    receiver.answerNext({ status, body: answer });
    expect(await send(service)).toEqual({ deliveryId: "dlv_chat", outcome: "sent", providerId: "dlv_chat" });
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", path: `/hook/${service}` });
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual(chatFormats[service](message));
  });

  it("waits for Retry-After on 429", async () => {
    const { receiver, send } = await setup();
    receiver.answerNext({ status: 429, headers: { "retry-after": "7" }, body: "rate limited" });
    expect(await send("discord")).toEqual({
      deliveryId: "dlv_chat",
      outcome: "retry",
      reason: "answered 429: rate limited",
      retryAfterMs: 7000,
    });
  });

  it("follows no redirect, and gives up after the timeout", async () => {
    const { receiver, send } = await setup(200);
    receiver.answerNext(
      { status: 302, headers: { location: `${receiver.url}/elsewhere` } },
      { status: 200, delayMs: 3000 },
    );
    expect(await send("slack")).toMatchObject({
      outcome: "retry",
      reason: `redirects are not followed (answered 302 to ${receiver.url}/elsewhere)`,
    });
    expect(receiver.hits("/elsewhere")).toBe(0);
    expect(await send("teams")).toMatchObject({ outcome: "retry", reason: "no answer within 200 ms" });
  });

  it("fails for good when Slack says the channel is archived (410)", async () => {
    const { receiver, send } = await setup();
    receiver.answerNext({ status: 410, body: "channel_is_archived" });
    expect(await send("slack")).toMatchObject({
      outcome: "failed",
      reason: expect.stringContaining("channel_is_archived"),
    });
  });
});
