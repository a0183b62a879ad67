import type { EmailTransportConfig } from "./email-transport.ts";

/**
 * Resend calls that fail in a row (5xx, timeouts, network errors) before email goes to the SMTP
 * relay: one failure can be a blip, three a minute apart is an outage.
 */
export const failoverThreshold = 3;
/** How long Resend is left alone once the circuit opens, before one batch probes it again. */
export const failoverOpenMs = 60_000;

export interface EmailTransportDescription {
  /** Put on deliveries whose result names no provider (refusals, retries). */
  provider: "mailbox" | "smtp" | "resend";
  /** For the start line: where email goes. */
  description: string;
  /** Whether Resend has the SMTP relay as failover, behind a circuit breaker. */
  failover: boolean;
}

/** `smtp://host:port`, never the credentials: this goes to the start line and the logs. */
const relayName = (url: string) => {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
};

/**
 * Which transport the configuration gives, without building it: the server says where email goes
 * at start, and loads the provider's code (on the email thread) only when a batch is waiting.
 */
export function describeEmailTransport(
  { resendApiKey, smtpUrl, from: emailFrom }: EmailTransportConfig,
  mailbox: string,
): EmailTransportDescription {
  if (!resendApiKey && !smtpUrl)
    return {
      provider: "mailbox",
      description: `NOT SENT: no RESEND_API_KEY, so every email is written to the development mailbox ${mailbox} (.eml files)`,
      failover: false,
    };
  if (!resendApiKey && smtpUrl)
    return {
      provider: "smtp",
      description: `sent through the SMTP relay ${relayName(smtpUrl)} from ${emailFrom} (no RESEND_API_KEY)`,
      failover: false,
    };
  if (!smtpUrl)
    return { provider: "resend", description: `sent through Resend from ${emailFrom}`, failover: false };
  return {
    provider: "resend",
    description:
      `sent through Resend from ${emailFrom}; after ${failoverThreshold} failed Resend calls in a row, ` +
      `through the SMTP relay ${relayName(smtpUrl)} (Resend tried again every ${failoverOpenMs / 1000} s)`,
    failover: true,
  };
}
