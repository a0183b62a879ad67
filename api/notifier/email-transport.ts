import type { Config } from "../config.ts";
import type { Clock } from "../domain/clock.ts";
import { type CircuitState, createCircuitBreaker } from "./channels/circuit-breaker.ts";
import type { EmailChannel } from "./channels/email-channel.ts";
import { createFailoverEmail } from "./channels/failover-email.ts";
import { createMailboxChannel } from "./channels/mailbox-channel.ts";
import { createResendChannel } from "./channels/resend-channel.ts";
import { createSmtpChannel } from "./channels/smtp-channel.ts";
import { describeEmailTransport, failoverOpenMs, failoverThreshold } from "./describe-email-transport.ts";

export { failoverOpenMs, failoverThreshold };

export interface EmailTransport {
  channel: EmailChannel;
  /** Put on deliveries whose result names no provider (refusals, retries). */
  provider: string;
  /** For the start line: where email goes. */
  description: string;
  /** Closes pooled SMTP connections (and the email thread) at shutdown. */
  close(): void | Promise<void>;
  /** The Resend circuit, when the SMTP relay backs Resend up. */
  circuit?: () => CircuitState;
}

/** What the transport reads of the configuration (plain data: it is also handed to the email thread). */
export type EmailTransportConfig = Omit<Config["email"], "resendWebhookSecret">;

export interface EmailTransportOptions {
  config: EmailTransportConfig;
  /** The notifier's clock: the circuit's open time follows it, so tests can move it. */
  clock: Clock;
  /** Where email goes when there is neither Resend nor SMTP. */
  mailbox: string;
}

/**
 * Resend with a key; plus the SMTP relay as failover when `SMTP_URL` is also set; the relay alone
 * without a key; and the development mailbox when neither is configured.
 */
export function createEmailTransport({ config, clock, mailbox }: EmailTransportOptions): EmailTransport {
  const { resendApiKey, smtpUrl, from: emailFrom } = config;
  const { provider, description } = describeEmailTransport(config, mailbox);
  const smtp = smtpUrl ? createSmtpChannel({ url: smtpUrl, from: emailFrom }) : undefined;
  const close = () => smtp?.close();
  if (!resendApiKey) {
    const channel = smtp ?? createMailboxChannel({ dir: mailbox, from: emailFrom });
    return { channel, provider, description, close };
  }
  const resend = createResendChannel({
    apiKey: resendApiKey,
    baseUrl: config.resendBaseUrl ?? "https://api.resend.com",
    from: emailFrom,
    maxPerSecond: config.resendRequestsPerSecond,
  });
  if (!smtp) return { channel: resend, provider, description, close };
  const breaker = createCircuitBreaker({
    failureThreshold: failoverThreshold,
    openMs: failoverOpenMs,
    now: () => clock.now().getTime(),
  });
  return {
    channel: createFailoverEmail(resend, smtp, {
      breaker,
      primaryProvider: "resend",
      fallbackProvider: "smtp",
    }),
    circuit: () => breaker.state(),
    provider,
    description,
    close,
  };
}
