import { eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { type Deps, systemActor } from "../context.ts";
import { DomainError } from "../errors.ts";
import { getSettings } from "../settings/get-settings.ts";
import { linkSecret, signLink } from "./links.ts";
import type { EndpointSubscribeInput } from "./schemas.ts";
import { findByAddress, newSubscriberRow, type SubscriberRow, setComponents } from "./subscriber-store.ts";
import { deriveWebhookSecret } from "./webhook-secret.ts";

const publicActor = systemActor("public");

export interface EndpointSubscription {
  channel: EndpointSubscribeInput["channel"];
  id: string;
  /** The normalised URL that was stored. */
  url: string;
  /** Signed manage token (the same kind email links carry): change components, or unsubscribe. */
  manageToken: string;
  /** Webhooks only: the Standard Webhooks signing secret. Not stored, shown in this answer only. */
  secret?: string;
}

const names: Record<EndpointSubscribeInput["channel"], string> = {
  webhook: "webhook",
  slack: "Slack",
  discord: "Discord",
  teams: "Microsoft Teams",
};

/**
 * Subscribes a webhook or chat URL. There is nobody to ask for consent (a URL reads no email), so it
 * is active at once. A URL that is already subscribed is refused rather than taken over: answering
 * again would hand its secret and manage link to whoever asks. A URL that was unsubscribed or
 * disabled starts afresh with a new token version: new secret, and the old links stop working.
 */
export async function subscribeEndpoint(
  deps: Deps,
  input: EndpointSubscribeInput,
): Promise<EndpointSubscription> {
  const settings = await getSettings(deps);
  const key = await linkSecret(deps);
  const locale = ("locale" in input && input.locale) || settings.defaultLocale;
  const row = await deps.write(async (tx) => {
    const at = deps.clock.now();
    await getAffectedComponents(tx, input.components ?? []);
    const existing = await findByAddress(tx, input.channel, input.url);
    if (existing && existing.state !== "unsubscribed" && existing.state !== "disabled")
      throw new DomainError(
        "conflict",
        `This ${names[input.channel]} URL is already subscribed. Use the manage link you received when subscribing to change or end it.`,
      );
    let row: SubscriberRow;
    if (existing) {
      row = {
        ...existing,
        state: "active",
        locale,
        tokenVersion: existing.tokenVersion + 1,
        confirmedAt: at,
        unsubscribedAt: null,
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
        updatedAt: at,
      };
      await tx.update(subscribers).set(row).where(eq(subscribers.id, row.id));
    } else {
      row = newSubscriberRow({ channel: input.channel, address: input.url, locale, state: "active", at });
      await tx.insert(subscribers).values(row);
    }
    await setComponents(tx, row.id, input.components ?? []);
    await recordAudit(tx, at, publicActor, {
      action: existing ? "subscriber.resubscribe" : "subscriber.create",
      entityType: "subscriber",
      entityId: row.id,
      after: { channel: row.channel, state: "active", locale, components: input.components ?? [] },
    });
    return row;
  });
  return {
    channel: input.channel,
    id: row.id,
    url: row.address,
    manageToken: signLink(key, "manage", row.id, row.tokenVersion),
    ...(input.channel === "webhook" && { secret: deriveWebhookSecret(key, row.id, row.tokenVersion) }),
  };
}
