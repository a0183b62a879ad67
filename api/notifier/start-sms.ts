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

function providersOf(config: Config) {
  const { twilioAccountSid, twilioAuthToken, twilioFrom, vonageApiKey, vonageApiSecret, vonageFrom } = config;
  const twilio =
    twilioAccountSid && twilioAuthToken && twilioFrom
      ? createTwilioProvider({
          accountSid: twilioAccountSid,
          authToken: twilioAuthToken,
          from: twilioFrom,
          baseUrl: config.twilioBaseUrl,
        })
      : null;
  const vonage =
    vonageApiKey && vonageApiSecret && vonageFrom
      ? withoutCallback(
          createVonageProvider({
            apiKey: vonageApiKey,
            apiSecret: vonageApiSecret,
            from: vonageFrom,
            baseUrl: config.vonageBaseUrl,
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
  const { twilio, vonage } = providersOf(config);
  const outbox = resolve(join(config.dataDir, "mailbox", "sms"));
  let provider: SmsProvider;
  let description: string;
  let failover: FailoverSms | undefined;
  if (twilio && vonage) {
    failover = createFailoverSms(twilio, vonage, { failureThreshold: 5, openMs: 60_000 });
    provider = failover;
    description = `sent through Twilio from ${config.twilioFrom}, or Vonage from ${config.vonageFrom} while Twilio is down`;
  } else if (twilio) {
    provider = twilio;
    description = `sent through Twilio from ${config.twilioFrom}`;
  } else if (vonage) {
    provider = vonage;
    description = `sent through Vonage from ${config.vonageFrom}`;
  } else {
    provider = createOutboxSmsProvider({ dir: outbox });
    description = `NOT SENT: no TWILIO_* nor VONAGE_* credentials, so every SMS is written to the development outbox ${outbox} (.txt files)`;
  }
  const dispatcher = createSmsDispatcher({
    deps,
    provider,
    renderer: await createSmsRenderer({ templatesDir }),
    publicUrl: config.publicUrl,
    statusCallbackUrl: twilio ? `${config.publicUrl}/api/webhooks/twilio/status` : undefined,
  });
  const circuits = (): CircuitReading[] =>
    failover ? [{ channel: "sms", provider: "twilio", state: failover.circuit() }] : [];
  return { dispatcher, description, circuits };
}
