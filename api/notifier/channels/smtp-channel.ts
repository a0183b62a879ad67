import nodemailer from "nodemailer";
import {
  type BatchResult,
  type DeliveryResult,
  type EmailChannel,
  type OutgoingEmail,
  senderOf,
} from "./email-channel.ts";

export interface SmtpChannelOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (TLS). */
  url: string;
  /** `Name <address>` or `address`: the same sender as the primary, so replies and filters match. */
  from: string;
  /** Right-hand side of Message-IDs; the sender's domain by default. */
  messageIdDomain?: string;
  /** Connections kept open to the server; most relays limit them per account. */
  maxConnections?: number;
  /** Bounds connecting, the greeting and each wait for the server. */
  timeoutMs?: number;
  /** Put on each sent result, for admins to see which provider carried it. */
  provider?: string;
}

export interface SmtpChannel extends EmailChannel {
  /** Closes the pooled connections (at shutdown, and in tests). */
  close(): void;
}

/**
 * The Message-ID of a delivery: the same on every attempt, so a message sent twice (an answer lost
 * on the way back) is recognisable as one, and mail clients thread nothing together by mistake.
 */
export function smtpMessageId(deliveryId: string, domain: string): string {
  return `<${deliveryId}.vigie@${domain}>`;
}

interface SmtpError extends Error {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
}

/**
 * A 5xx to RCPT TO or DATA is the server refusing this recipient or this message: final. Every
 * other trouble (cannot connect, timeout, 4xx, login refused, sender refused) is about the link or
 * the account, not the message, and may pass on a later attempt. So is a malformed recipient that
 * nodemailer refuses before talking to the server (command `API`, code `EENVELOPE`): final.
 */
function classify(deliveryId: string, error: SmtpError): DeliveryResult {
  const said = error.response ?? error.message;
  const permanent =
    (error.responseCode !== undefined &&
      error.responseCode >= 500 &&
      (error.command === "RCPT TO" || error.command === "DATA")) ||
    (error.command === "API" && error.code === "EENVELOPE");
  if (permanent) return { deliveryId, outcome: "failed", reason: `refused by the SMTP server: ${said}` };
  return {
    deliveryId,
    outcome: "retry",
    reason: `SMTP ${error.code ?? "error"}${error.command ? ` at ${error.command}` : ""}: ${said}`,
    retryAfterMs: null,
  };
}

/** Emails through any SMTP relay (nodemailer, pooled), one message per recipient as the primary sends them. */
export function createSmtpChannel(options: SmtpChannelOptions): SmtpChannel {
  const { url, from, maxConnections = 3, timeoutMs = 30_000, provider = "smtp" } = options;
  const protocol = URL.canParse(url) ? new URL(url).protocol : null;
  if (protocol !== "smtp:" && protocol !== "smtps:") {
    throw new Error("SMTP channel: SMTP_URL must look like smtp://user:pass@host:587 or smtps://…:465.");
  }
  const domain = options.messageIdDomain ?? from.match(/@([^\s@<>]+)>?\s*$/)?.[1] ?? new URL(url).hostname;
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  // Failures reach each message's callback; without a listener a pool error event would crash the process.
  transport.on("error", () => {});

  async function sendOne(email: OutgoingEmail): Promise<DeliveryResult> {
    const messageId = email.messageId ?? smtpMessageId(email.deliveryId, domain);
    try {
      const info = await transport.sendMail({
        ...senderOf(email, from),
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        messageId,
      });
      if (info.rejected.length > 0) {
        return { deliveryId: email.deliveryId, outcome: "failed", reason: `refused: ${info.response}` };
      }
      return { deliveryId: email.deliveryId, outcome: "sent", providerId: info.messageId, provider };
    } catch (error) {
      return classify(email.deliveryId, error as SmtpError);
    }
  }

  // One slot per pooled connection, shared by every batch in flight: a slot is taken to send a
  // message and given back only once the caller recorded it as handed over. So at most
  // `maxConnections` messages are ever accepted by the relay and not yet recorded, which is all a
  // crash can make the next attempt repeat.
  let free = maxConnections;
  const waiting: (() => void)[] = [];
  const take = (): Promise<void> => {
    if (free === 0) return new Promise((resolve) => waiting.push(resolve));
    free -= 1;
    return Promise.resolve();
  };
  const giveBack = () => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };

  return {
    async sendBatch(messages, sendOptions): Promise<BatchResult> {
      const onHandedOver = sendOptions?.onHandedOver;
      return Promise.all(
        messages.map(async (email) => {
          await take();
          try {
            const result = await sendOne(email);
            if (result.outcome === "sent" && onHandedOver) await onHandedOver(result);
            return result;
          } finally {
            giveBack();
          }
        }),
      );
    },
    close() {
      transport.close();
    },
  };
}
