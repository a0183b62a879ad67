import type { Deps, Tx } from "../../api/domain/context.ts";
import { newId } from "../../api/domain/ids.ts";
import { subscriberComponents, subscribers } from "../../db/schema/index.ts";

type SubscriberInsert = typeof subscribers.$inferInsert;
type Locale = SubscriberInsert["locale"];

export type SubscriberRow = Pick<SubscriberInsert, "channel" | "address"> &
  Partial<Pick<SubscriberInsert, "locale" | "state" | "confirmedAt">> & {
    /** When it subscribed (and last changed). */
    at: Date;
    /** The components it follows; none means the whole page. */
    follows?: string[];
  };

/**
 * One subscriber written straight to the database in `tx`, active and in English unless told, with
 * the components it follows. Returns its id.
 */
export async function insertSubscriber(tx: Tx, { at, follows = [], ...row }: SubscriberRow): Promise<string> {
  const id = newId("subscriber");
  await tx
    .insert(subscribers)
    .values({ id, locale: "en", state: "active", createdAt: at, updatedAt: at, ...row });
  for (const componentId of follows)
    await tx.insert(subscriberComponents).values({ subscriberId: id, componentId });
  return id;
}

export interface SeedSubscribersOptions {
  /** When they subscribed and confirmed. */
  at: Date;
  /** The address of the i-th subscriber: `reader{i}@example.com` by default. */
  address?: (i: number) => string;
  /** The language of the i-th subscriber: English by default. */
  locale?: (i: number) => Locale;
}

/**
 * `count` confirmed email subscribers of the whole page, written straight to the database, 500 rows
 * a statement: as many as a fan-out test needs, without going through the subscribe flow.
 */
export async function seedEmailSubscribers(
  deps: Pick<Deps, "write">,
  count: number,
  { at, address = (i) => `reader${i}@example.com`, locale = () => "en" }: SeedSubscribersOptions,
): Promise<void> {
  for (let first = 0; first < count; first += 500) {
    const rows = Array.from({ length: Math.min(500, count - first) }, (_, j) => ({
      id: newId("subscriber"),
      channel: "email" as const,
      address: address(first + j),
      locale: locale(first + j),
      state: "active" as const,
      tokenVersion: 1,
      createdAt: at,
      updatedAt: at,
      confirmedAt: at,
    }));
    await deps.write((tx) => tx.insert(subscribers).values(rows));
  }
}

/**
 * Adds active subscribers to the current test's database, each with an address of its own
 * (`reader1@example.com`, `+33612345672`…) and following `follows` (the whole page when empty).
 */
export function readersOf(current: () => Pick<Deps, "write" | "clock">) {
  let n = 0;
  return (channel: SubscriberInsert["channel"], locale: Locale = "en", follows: string[] = []) => {
    const deps = current();
    const address = channel === "email" ? `reader${++n}@example.com` : `+3361234567${++n}`;
    return deps.write((tx) =>
      insertSubscriber(tx, { channel, address, locale, follows, at: deps.clock.now() }),
    );
  };
}
