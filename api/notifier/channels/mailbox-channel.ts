import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { type BatchResult, type EmailChannel, type OutgoingEmail, senderOf } from "./email-channel.ts";
import { writeWhole } from "./write-whole.ts";

export interface MailboxChannelOptions {
  dir: string;
  from: string;
}

/**
 * The development mailbox: without a Resend key, each email is written as `<delivery id>.eml` in a
 * folder, where any mail reader opens it. Named by delivery, so a retry overwrites, never duplicates.
 */
export function createMailboxChannel({ dir, from }: MailboxChannelOptions): EmailChannel {
  const write = async (email: OutgoingEmail) => {
    const message = new MailComposer({
      ...senderOf(email, from),
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: email.headers,
      messageId: email.messageId ?? `<${email.deliveryId}@vigie.local>`,
    });
    const raw = await message.compile().build();
    await writeWhole(join(dir, `${email.deliveryId}.eml`), raw);
  };
  return {
    async sendBatch(messages: OutgoingEmail[]): Promise<BatchResult> {
      await mkdir(dir, { recursive: true });
      return Promise.all(
        messages.map(async (m) => {
          try {
            await write(m);
            return {
              deliveryId: m.deliveryId,
              outcome: "sent" as const,
              providerId: `mailbox:${m.deliveryId}`,
            };
          } catch (error) {
            return {
              deliveryId: m.deliveryId,
              outcome: "retry" as const,
              reason: String(error),
              retryAfterMs: null,
            };
          }
        }),
      );
    },
  };
}
