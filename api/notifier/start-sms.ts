import { join, resolve } from "node:path";
import type { Config } from "../config.ts";
import type { Deps } from "../domain/context.ts";
import { fromProjectRoot } from "../project-root.ts";
import { createSmsRenderer } from "../templates/render-sms.ts";
import type { CircuitReading } from "./channels/circuit-breaker.ts";
import { createFailoverSms, type FailoverSms } from "./channels/sms/failover-sms.ts";
import { createOutboxSmsProvider } from "./channels/sms/outbox-provider.ts";
import type { SmsProvider } from "./channels/sms/sms-provider.ts";
import { createTwilioProvider } from "./channels/sms/twilio-provider.ts";
import { createVonageProvider } from "./channels/sms/vonage-provider.ts";
import { createSmsDispatcher } from "./dispatch-sms.ts";
import type { Dispatcher } from "./dispatcher.ts";

const templatesDir = fromProjectRoot("templates");

export interface SmsDelivery {
  dispatcher: Dispatcher;
  /** For the start line: where SMS go. */
  description: string;
  /** The Twilio circuit when Vonage backs it up. */
  circuits(): CircuitReading[];
}

/**
 * Vonage's delivery receipts are not read (only Twilio's status callback is), so Vonage is given no
 * callback URL: it would post its receipts to Twilio's route, which refuses them.
 */
const withoutCallback = (provider: SmsProvider): SmsProvider => ({
  name: provider.name,
  send: (message) => provider.send({ ...message, statusCallbackUrl: undefined }),
});

function providersOf({ twilio: t, vonage: v }: Config["sms"]) {
  const twilio =
    t.accountSid && t.authToken && t.from
      ? createTwilioProvider({
          accountSid: t.accountSid,
          authToken: t.authToken,
          from: t.from,
          baseUrl: t.baseUrl,
        })
      : null;
  const vonage =
    v.apiKey && v.apiSecret && v.from
      ? withoutCallback(
          createVonageProvider({
            apiKey: v.apiKey,
            apiSecret: v.apiSecret,
            from: v.from,
            baseUrl: v.baseUrl,
          }),
        )
      : null;
  return { twilio, vonage };
}

/**
 * SMS through Twilio, through Vonage, or through Twilio with Vonage taking over while Twilio is
 * down; without any credentials, into the development outbox (said loudly at start).
 */
export async function createSmsDelivery({
  deps,
  config,
}: {
  deps: Deps;
  config: Config;
}): Promise<SmsDelivery> {
  const { twilio, vonage } = providersOf(config.sms);
  const outbox = resolve(join(config.dataDir, "mailbox", "sms"));
  let provider: SmsProvider;
  let description: string;
  let failover: FailoverSms | undefined;
  if (twilio && vonage) {
    failover = createFailoverSms(twilio, vonage, { failureThreshold: 5, openMs: 60_000 });
    provider = failover;
    description = `sent through Twilio from ${config.sms.twilio.from}, or Vonage from ${config.sms.vonage.from} while Twilio is down`;
  } else if (twilio) {
    provider = twilio;
    description = `sent through Twilio from ${config.sms.twilio.from}`;
  } else if (vonage) {
    provider = vonage;
    description = `sent through Vonage from ${config.sms.vonage.from}`;
  } else {
    provider = createOutboxSmsProvider({ dir: outbox });
    description = `NOT SENT: no TWILIO_* nor VONAGE_* credentials, so every SMS is written to the development outbox ${outbox} (.txt files)`;
  }
  const dispatcher = createSmsDispatcher({
    deps,
    provider,
    renderer: await createSmsRenderer({ templatesDir }),
    publicUrl: config.server.publicUrl,
    statusCallbackUrl: twilio ? `${config.server.publicUrl}/api/webhooks/twilio/status` : undefined,
  });
  const circuits = (): CircuitReading[] =>
    failover ? [{ channel: "sms", provider: "twilio", state: failover.circuit() }] : [];
  return { dispatcher, description, circuits };
}
