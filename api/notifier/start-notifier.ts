import { join, resolve } from "node:path";
import type { Config } from "../config.ts";
import type { Deps } from "../domain/context.ts";
import type { TemplateRenderer } from "../templates/index.ts";
import type { CircuitReading } from "./channels/circuit-breaker.ts";
import { buildLanes } from "./channels/registry.ts";
import { startEmailThread } from "./email-thread.ts";
import { type Notifier, startNotifier } from "./notifier.ts";
import { createGuardedEndpointLanes } from "./start-endpoints.ts";
import { createSmsDelivery } from "./start-sms.ts";
import { createTestEmailSender, type TestEmailSender } from "./test-email.ts";

export interface ServerNotifier {
  notifier: Notifier;
  /** For the start line: where email goes. */
  description: string;
  /** For the start line: where SMS go. */
  smsDescription: string;
  /** The console's "send me a test email", through the same channel. */
  sendTestEmail: TestEmailSender;
  /** Circuit breakers this process holds (the email thread's own are not visible from here). */
  circuits(): CircuitReading[];
}

/**
 * The notifier as the server runs it, one lane per channel built from the channel registry. Email
 * goes through Resend with a key (failing over to `SMTP_URL` when that is set too), through the SMTP
 * relay alone without a key, else into the development mailbox (said loudly at start).
 */
export async function startServerNotifier({
  deps,
  config,
  renderer,
  thread = false,
  elected,
}: {
  deps: Deps;
  config: Config;
  renderer: TemplateRenderer;
  /**
   * Send email from a worker thread (what the server does): serialising and sending batches then
   * uses another core. In-thread, the transport follows `deps.clock` (tests move it).
   */
  thread?: boolean;
  /** Whether this process is the one elected to send (see `startNotifier`); default always. */
  elected?: () => boolean;
}): Promise<ServerNotifier> {
  const mailbox = resolve(join(config.dataDir, "mailbox"));
  // Plain data, also handed to the email thread; the webhook secret stays in this thread.
  const { resendWebhookSecret: _, ...transport } = config.email;
  // On a thread, the providers' code (nodemailer, the Resend SDK) is loaded there, not here.
  const email = thread
    ? await startEmailThread({ config: transport, mailbox })
    : (await import("./email-transport.ts")).createEmailTransport({
        config: transport,
        clock: deps.clock,
        mailbox,
      });
  const sms = await createSmsDelivery({ deps, config });
  const lanes = buildLanes({
    email: {
      deps,
      channel: email.channel,
      provider: email.provider,
      renderer,
      publicUrl: config.server.publicUrl,
    },
    sms,
    endpoint: createGuardedEndpointLanes({ deps, publicUrl: config.server.publicUrl }),
  });
  const notifier = startNotifier({ deps, lanes: Object.values(lanes), elected });
  const stop = async () => {
    await notifier.stop();
    await email.close();
  };
  return {
    notifier: { ...notifier, stop },
    description: email.description,
    smsDescription: sms.description,
    sendTestEmail: createTestEmailSender({
      deps,
      channel: email.channel,
      provider: email.provider,
      publicUrl: config.server.publicUrl,
    }),
    circuits: () => [
      ...(email.circuit ? [{ channel: "email", provider: "resend", state: email.circuit() }] : []),
      ...sms.circuits(),
    ],
  };
}
