import type { Config } from "../config.ts";
import type { Clock } from "../domain/clock.ts";
import { type CircuitState, createCircuitBreaker } from "./channels/circuit-breaker.ts";
import type { EmailChannel } from "./channels/email-channel.ts";
import { createFailoverEmail } from "./channels/failover-email.ts";
import { createMailboxChannel } from "./channels/mailbox-channel.ts";
import { createResendChannel } from "./channels/resend-channel.ts";
import { createSmtpChannel } from "./channels/smtp-channel.ts";

/**
 * Resend calls that fail in a row (5xx, timeouts, network errors) before email goes to the SMTP
 * relay: one failure can be a blip, three a minute apart is an outage.
 */
export const failoverThreshold = 3;
/** How long Resend is left alone once the circuit opens, before one batch probes it again. */
export const failoverOpenMs = 60_000;

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
export type EmailTransportConfig = Pick<
  Config,
  "resendApiKey" | "resendBaseUrl" | "resendRequestsPerSecond" | "emailFrom" | "smtpUrl"
>;

export interface EmailTransportOptions {
  config: EmailTransportConfig;
  /** The notifier's clock: the circuit's open time follows it, so tests can move it. */
  clock: Clock;
  /** Where email goes when there is neither Resend nor SMTP. */
  mailbox: string;
}

/** `smtp://host:port`, never the credentials: this goes to the start line and the logs. */
const relayName = (url: string) => {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
};

/**
 * Resend with a key; plus the SMTP relay as failover when `SMTP_URL` is also set; the relay alone
 * without a key; and the development mailbox when neither is configured.
 */
export function createEmailTransport({ config, clock, mailbox }: EmailTransportOptions): EmailTransport {
  const { resendApiKey, smtpUrl, emailFrom } = config;
  const smtp = smtpUrl ? createSmtpChannel({ url: smtpUrl, from: emailFrom }) : undefined;
  const close = () => smtp?.close();
  if (!resendApiKey && !smtp) {
    return {
      channel: createMailboxChannel({ dir: mailbox, from: emailFrom }),
      provider: "mailbox",
      description: `NOT SENT: no RESEND_API_KEY, so every email is written to the development mailbox ${mailbox} (.eml files)`,
      close,
    };
  }
  if (!resendApiKey && smtp && smtpUrl) {
    return {
      channel: smtp,
      provider: "smtp",
      description: `sent through the SMTP relay ${relayName(smtpUrl)} from ${emailFrom} (no RESEND_API_KEY)`,
      close,
    };
  }
  const resend = createResendChannel({
    apiKey: resendApiKey!,
    baseUrl: config.resendBaseUrl ?? "https://api.resend.com",
    from: emailFrom,
    maxPerSecond: config.resendRequestsPerSecond,
  });
  if (!smtp || !smtpUrl) {
    return {
      channel: resend,
      provider: "resend",
      description: `sent through Resend from ${emailFrom}`,
      close,
    };
  }
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
    provider: "resend",
    description:
      `sent through Resend from ${emailFrom}; after ${failoverThreshold} failed Resend calls in a row, ` +
      `through the SMTP relay ${relayName(smtpUrl)} (Resend tried again every ${failoverOpenMs / 1000} s)`,
    close,
  };
}
