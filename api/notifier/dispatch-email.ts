import type { Deps } from "../domain/context.ts";
import type { TemplateRenderer } from "../templates/index.ts";
import { createOverrideSync } from "../templates/sync-overrides.ts";
import type { EmailChannel } from "./channels/email-channel.ts";
import { composeAlerts } from "./compose-alerts.ts";
import { type ComposeCache, composeEmails } from "./compose-emails.ts";
import type { Dispatcher } from "./dispatcher.ts";

export interface EmailDispatcherOptions {
  deps: Deps;
  channel: EmailChannel;
  provider: string;
  renderer: TemplateRenderer;
  publicUrl: string;
  batchSize?: number;
  concurrency?: number;
  /** How often saved template overrides are re-read (other processes may have changed them). */
  overrideSyncMs?: number | undefined;
}

const overrideSyncMs = 10_000;

/** Email: one rendered message per recipient, a whole batch per provider call. */
export function createEmailDispatcher(options: EmailDispatcherOptions): Dispatcher {
  const { deps, channel, renderer, publicUrl } = options;
  const cache: ComposeCache = {};
  const syncOverrides = createOverrideSync(deps, renderer);
  let syncedAt = Date.now();
  return {
    channel: "email",
    provider: options.provider,
    batchSize: options.batchSize ?? 100,
    concurrency: options.concurrency ?? 6,
    async dispatch(batch, sendOptions) {
      // Another process may have saved a template override: look every few seconds, not per batch.
      if (Date.now() - syncedAt >= (options.overrideSyncMs ?? overrideSyncMs)) {
        syncedAt = Date.now();
        if (await syncOverrides()) cache.entry = undefined;
      }
      const alerts = batch.filter((d) => d.kind === "dependency-alert");
      const others = batch.filter((d) => d.kind !== "dependency-alert");
      const composed = others.length
        ? await composeEmails(deps, others, { renderer, publicUrl, cache })
        : { emails: [], skipped: [] };
      const alerted = alerts.length
        ? await composeAlerts(deps, alerts, publicUrl)
        : { emails: [], skipped: [] };
      const emails = [...composed.emails, ...alerted.emails];
      const results = emails.length ? await channel.sendBatch(emails, sendOptions) : [];
      return [...results, ...composed.skipped, ...alerted.skipped];
    },
  };
}
