import { type Clock, systemClock } from "../../../domain/clock.ts";
import type { SafeFetch } from "../../../net/safe-fetch.ts";
import type { DeliveryResult } from "../email-channel.ts";
import { postJson } from "../webhook/post-json.ts";
import type { ChatMessageInput, ChatService } from "./chat-message.ts";
import { discordMessage } from "./discord.ts";
import { slackMessage } from "./slack.ts";
import { teamsMessage } from "./teams.ts";

/** One formatter per service: a service that is not wired fails to compile. */
export const chatFormats: Record<ChatService, (input: ChatMessageInput) => unknown> = {
  slack: slackMessage,
  discord: discordMessage,
  teams: teamsMessage,
};

export interface ChatSenderOptions {
  /** The SSRF-guarded fetch: subscribers choose these URLs. */
  fetch: SafeFetch;
  timeoutMs?: number;
  maxResponseBytes?: number;
  userAgent?: string;
  clock?: Clock;
}

export interface ChatDeliveryInput {
  deliveryId: string;
  service: ChatService;
  /** The incoming-webhook URL the subscriber gave. */
  url: string;
  message: ChatMessageInput;
}

export interface ChatSender {
  send(input: ChatDeliveryInput): Promise<DeliveryResult>;
}

/**
 * Posts to Slack, Discord and Teams incoming webhooks under the same rules as signed webhooks: any 2xx
 * counts (Slack answers 200 `ok`, Discord 204, Teams 200 or 202), no redirect is followed, 15 s at
 * most, 429 waits for `Retry-After`, 410 is final. These services take no idempotency key, so an
 * answer lost on the way back means the retry posts the message a second time.
 */
export function createChatSender(options: ChatSenderOptions): ChatSender {
  const {
    fetch,
    timeoutMs = 15_000,
    maxResponseBytes = 64 * 1024,
    userAgent = "Vigie-Chat/1",
    clock = systemClock,
  } = options;
  return {
    send({ deliveryId, service, url, message }) {
      return postJson({
        fetch,
        deliveryId,
        url,
        body: JSON.stringify(chatFormats[service](message)),
        headers: { "user-agent": userAgent },
        timeoutMs,
        maxResponseBytes,
        now: clock.now().getTime(),
      });
    },
  };
}
