import { eq } from "drizzle-orm";
import { subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Deps, systemActor } from "../context.ts";
import { DomainError } from "../errors.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { type LinkPurpose, linkSecret, verifyLink } from "./links.ts";
import { preferencesByTokenInput, tokenInput } from "./schemas.ts";
import { findSubscriber, type SubscriberRow, setComponents } from "./subscriber-store.ts";

const linkActor = systemActor("subscriber-link");

export interface Subscription {
  subscriber: SubscriberRow;
  componentIds: string[];
}

const invalidLink = () =>
  new DomainError("not_found", "This link is invalid or has expired. Subscribe again from the status page.");

async function fromToken(deps: Deps, purpose: LinkPurpose, token: string): Promise<string> {
  const link = verifyLink(await linkSecret(deps), purpose, token);
  if (!link) throw invalidLink();
  const row = await deps.read((db) => db.select().from(subscribers).where(eq(subscribers.id, link.id)));
  if (!row[0] || row[0].tokenVersion !== link.version) throw invalidLink();
  return link.id;
}

type TokenCall = Call<typeof tokenInput, PublicCtx>;

export async function getSubscription(call: TokenCall): Promise<Subscription> {
  const { token } = parseInput(tokenInput, call.input);
  const { deps } = call.ctx;
  const id = await fromToken(deps, "manage", token);
  return deps.read(async (db) => {
    const [subscriber] = await db.select().from(subscribers).where(eq(subscribers.id, id));
    const links = await db
      .select()
      .from(subscriberComponents)
      .where(eq(subscriberComponents.subscriberId, id));
    return { subscriber: subscriber!, componentIds: links.map((l) => l.componentId) };
  });
}

async function change(
  deps: Deps,
  id: string,
  action: string,
  apply: (row: SubscriberRow, at: Date) => Partial<SubscriberRow>,
) {
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await findSubscriber(tx, id);
    if (!row) throw invalidLink();
    const changes = { ...apply(row, at), updatedAt: at };
    await tx.update(subscribers).set(changes).where(eq(subscribers.id, id));
    await recordAudit(tx, at, linkActor, {
      action,
      entityType: "subscriber",
      entityId: id,
      before: { state: row.state },
      after: changes,
    });
    return { ...row, ...changes };
  });
}

/** Who a confirmation link is for, without confirming: the link's page only shows a button. */
export async function readConfirmation(call: TokenCall): Promise<SubscriberRow> {
  const { token } = parseInput(tokenInput, call.input);
  const { deps } = call.ctx;
  const id = await fromToken(deps, "confirm", token);
  const [row] = await deps.read((db) => db.select().from(subscribers).where(eq(subscribers.id, id)));
  if (!row) throw invalidLink();
  return row;
}

/** Confirms the double opt-in; confirming twice is harmless. Unsubscribed or suppressed stay so. */
export async function confirmSubscription(call: TokenCall): Promise<SubscriberRow> {
  const { token } = parseInput(tokenInput, call.input);
  const { deps } = call.ctx;
  const id = await fromToken(deps, "confirm", token);
  return change(deps, id, "subscriber.confirm", (row, at) =>
    row.state === "pending" ? { state: "active", confirmedAt: at } : {},
  );
}

/** One-click unsubscribe (RFC 8058): no session, no confirmation step. */
export async function unsubscribe(call: TokenCall): Promise<SubscriberRow> {
  const { token } = parseInput(tokenInput, call.input);
  const { deps } = call.ctx;
  const id = await fromToken(deps, "manage", token);
  return change(deps, id, "subscriber.unsubscribe", (row, at) =>
    row.state === "suppressed" ? {} : { state: "unsubscribed", unsubscribedAt: at },
  );
}

export async function updatePreferences(
  call: Call<typeof preferencesByTokenInput, PublicCtx>,
): Promise<Subscription> {
  // The token stays out of the audit row: it is a credential.
  const { token, ...input } = parseInput(preferencesByTokenInput, call.input);
  const { deps } = call.ctx;
  const id = await fromToken(deps, "manage", token);
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    if (input.components !== undefined) await setComponents(tx, id, input.components);
    if (input.locale !== undefined)
      await tx.update(subscribers).set({ locale: input.locale, updatedAt: at }).where(eq(subscribers.id, id));
    await recordAudit(tx, at, linkActor, {
      action: "subscriber.preferences",
      entityType: "subscriber",
      entityId: id,
      after: input,
    });
  });
  return getSubscription({ ctx: { deps }, input: { token } });
}
