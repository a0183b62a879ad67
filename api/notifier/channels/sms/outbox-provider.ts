import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { smsLength } from "../../../templates/sms-segments.ts";
import { writeWhole } from "../write-whole.ts";
import type { SmsProvider } from "./sms-provider.ts";

export interface OutboxSmsOptions {
  /** The folder each SMS is written to. */
  dir: string;
}

/**
 * The development SMS outbox: without Twilio or Vonage credentials, each SMS is written as
 * `<delivery id>.txt` (recipient, segment count, then the text) so a developer can read what would
 * be texted. Named by delivery, so a retry overwrites, never duplicates.
 */
export function createOutboxSmsProvider({ dir }: OutboxSmsOptions): SmsProvider {
  const provider = "sms-outbox";
  return {
    name: provider,
    async send(message) {
      const { encoding, segments } = smsLength(message.body);
      const text = `To: ${message.to}\nSegments: ${segments} (${encoding})\n\n${message.body}\n`;
      try {
        await mkdir(dir, { recursive: true });
        await writeWhole(join(dir, `${message.deliveryId}.txt`), text);
      } catch (error) {
        const reason = `${provider}: ${error instanceof Error ? error.message : String(error)}`;
        return {
          deliveryId: message.deliveryId,
          outcome: "retry",
          reason,
          retryAfterMs: null,
          provider,
          cause: "unavailable",
        };
      }
      return {
        deliveryId: message.deliveryId,
        outcome: "sent",
        providerId: `${provider}:${message.deliveryId}`,
        provider,
      };
    },
  };
}
