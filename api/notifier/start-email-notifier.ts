import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import type { Deps } from "../domain/context.ts";
import { createMailboxChannel } from "./channels/mailbox-channel.ts";
import { createResendChannel } from "./channels/resend-channel.ts";
import { type Notifier, startNotifier } from "./notifier.ts";
import { createTemplateRenderer } from "./templates/index.ts";

const templatesDir = resolve(fileURLToPath(new URL("../../templates", import.meta.url)));

export interface EmailNotifier {
  notifier: Notifier;
  /** For the start line: where email goes. */
  description: string;
}

/** Email through Resend with a key, else into the development mailbox (said loudly at start). */
export async function startEmailNotifier({
  deps,
  config,
}: {
  deps: Deps;
  config: Config;
}): Promise<EmailNotifier> {
  const renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
  const mailbox = resolve(join(config.dataDir, "mailbox"));
  const channel = config.resendApiKey
    ? createResendChannel({
        apiKey: config.resendApiKey,
        baseUrl: config.resendBaseUrl ?? "https://api.resend.com",
        from: config.emailFrom,
      })
    : createMailboxChannel({ dir: mailbox, from: config.emailFrom });
  const notifier = startNotifier({
    deps,
    channel,
    provider: config.resendApiKey ? "resend" : "mailbox",
    renderer,
    publicUrl: config.publicUrl,
  });
  const description = config.resendApiKey
    ? `sent through Resend from ${config.emailFrom}`
    : `NOT SENT: no RESEND_API_KEY, so every email is written to the development mailbox ${mailbox} (.eml files)`;
  return { notifier, description };
}
