import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import type { Deps } from "../domain/context.ts";
import { listOverrides } from "../domain/templates/template-overrides.ts";
import { createMailboxChannel } from "./channels/mailbox-channel.ts";
import { createResendChannel } from "./channels/resend-channel.ts";
import { type Notifier, startNotifier } from "./notifier.ts";
import { createTemplateRenderer, type TemplateKey, type TemplateRenderer } from "./templates/index.ts";

export const templatesDir = resolve(fileURLToPath(new URL("../../templates", import.meta.url)));

/** Compiles the email templates once, with the admins' saved overrides in place. */
export async function loadTemplates(deps: Deps): Promise<TemplateRenderer> {
  const renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
  for (const row of await listOverrides(deps)) {
    const result = renderer.setOverride({
      key: row.key as TemplateKey,
      locale: row.locale,
      part: row.part,
      source: row.source,
    });
    if (!result.ok)
      deps.logger.warn("a saved template override no longer parses; using the built-in one", {
        key: row.key,
      });
  }
  return renderer;
}

export interface EmailNotifier {
  notifier: Notifier;
  /** For the start line: where email goes. */
  description: string;
}

/** Email through Resend with a key, else into the development mailbox (said loudly at start). */
export async function startEmailNotifier({
  deps,
  config,
  renderer,
}: {
  deps: Deps;
  config: Config;
  renderer: TemplateRenderer;
}): Promise<EmailNotifier> {
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
