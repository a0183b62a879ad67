import type { DeliveryResult } from "../email-channel.ts";
import { type JsonSenderOptions, jsonPoster } from "../webhook/post-json.ts";
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

export type ChatSenderOptions = JsonSenderOptions;

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
  const post = jsonPoster(options, "Vigie-Chat/1");
  return {
    send({ deliveryId, service, url, message }) {
      return post({ deliveryId, url, body: JSON.stringify(chatFormats[service](message)) });
    },
  };
}
