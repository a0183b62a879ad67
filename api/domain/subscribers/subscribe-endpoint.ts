import { and, eq } from "drizzle-orm";
import { deliveries, type SubscriberOrigin, subscribers } from "../../../db/schema/index.ts";
import { checkUrl } from "../../net/check-url.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { type Actor, systemActor } from "../context.ts";
import { DomainError } from "../errors.ts";
import { getSettings } from "../settings/get-settings.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { linkSecret, signLink } from "./links.ts";
import { type EndpointSubscribeInput, endpointInput } from "./schemas.ts";
import {
  findByAddress,
  newSubscriberRow,
  queueConfirmation,
  type SubscriberRow,
  setComponents,
} from "./subscriber-store.ts";
import { deriveWebhookSecret } from "./webhook-secret.ts";

const publicActor = systemActor("public");

export interface EndpointSubscription {
  channel: EndpointSubscribeInput["channel"];
  id: string;
  /** The normalised URL that was stored. */
  url: string;
  /** `pending` for a public webhook until its receiver answers the verification request. */
  state: "active" | "pending";
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
 * Subscribes a webhook or chat URL. Chat URLs point at the services' own public hosts and are
 * active at once. A webhook URL from the public is anyone's choice of target: it must pass the SSRF
 * guard (private targets never, whatever the page allows), and it stays pending until its receiver
 * echoes the challenge of a signed verification request, so nobody can aim the page's requests at
 * a host that did not ask for them. An admin (an actor in `ctx`) adds endpoints active at once, and
 * only those may reach private addresses when `allow_private_targets` is on. A URL already
 * subscribed is refused rather than taken over: answering again would hand its secret and manage
 * link to whoever asks. A URL that was unsubscribed or disabled starts afresh with a new token
 * version: new secret, and the old links stop working.
 */
export async function subscribeEndpoint(
  call: Call<typeof endpointInput, PublicCtx & { actor?: Actor | undefined }>,
): Promise<EndpointSubscription> {
  const input = parseInput(endpointInput, call.input);
  const { deps, actor } = call.ctx;
  const origin: SubscriberOrigin = actor ? "admin" : "public";
  if (actor) authorize(actor, "editor");
  const settings = await getSettings(deps);
  const checked = checkUrl(input.url, { allowPrivate: origin === "admin" && settings.allowPrivateTargets });
  if (!checked.ok)
    throw new DomainError(
      "invalid_input",
      `url: this address cannot receive notifications: ${checked.reason}.`,
    );
  const verify = origin === "public" && input.channel === "webhook";
  const state = verify ? "pending" : "active";
  const key = await linkSecret(deps);
  const locale = ("locale" in input && input.locale) || settings.defaultLocale;
  const row = await deps.write(async (tx) => {
    const at = deps.clock.now();
    await getAffectedComponents(tx, input.components ?? []);
    const existing = await findByAddress(tx, input.channel, input.url);
    // A webhook never verified carries nothing yet: subscribing it again starts a new verification.
    const restartable = ["unsubscribed", "disabled", ...(verify ? ["pending"] : [])];
    if (existing && !restartable.includes(existing.state))
      throw new DomainError(
        "conflict",
        `This ${names[input.channel]} URL is already subscribed. Use the manage link you received when subscribing to change or end it.`,
      );
    let row: SubscriberRow;
    if (existing) {
      row = {
        ...existing,
        state,
        locale,
        tokenVersion: existing.tokenVersion + 1,
        confirmedAt: verify ? null : at,
        unsubscribedAt: null,
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
        addedBy: origin,
        updatedAt: at,
      };
      await tx.update(subscribers).set(row).where(eq(subscribers.id, row.id));
    } else {
      row = {
        ...newSubscriberRow({ channel: input.channel, address: input.url, locale, state, at }),
        addedBy: origin,
      };
      await tx.insert(subscribers).values(row);
    }
    await setComponents(tx, row.id, input.components ?? []);
    if (verify) {
      await tx
        .delete(deliveries)
        .where(
          and(
            eq(deliveries.subscriberId, row.id),
            eq(deliveries.kind, "confirmation"),
            eq(deliveries.state, "pending"),
          ),
        );
      await queueConfirmation(tx, at, row);
    }
    await recordAudit(tx, at, actor ?? publicActor, {
      action: existing ? "subscriber.resubscribe" : "subscriber.create",
      entityType: "subscriber",
      entityId: row.id,
      after: { channel: row.channel, state, locale, components: input.components ?? [], added_by: origin },
    });
    return row;
  });
  return {
    channel: input.channel,
    id: row.id,
    url: row.address,
    state,
    manageToken: signLink(key, "manage", row.id, row.tokenVersion),
    ...(input.channel === "webhook" && { secret: deriveWebhookSecret(key, row.id, row.tokenVersion) }),
  };
}
