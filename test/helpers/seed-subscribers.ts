import type { Deps } from "../../api/domain/context.ts";
import { newId } from "../../api/domain/ids.ts";
import { subscribers } from "../../db/schema/index.ts";

type Locale = (typeof subscribers.$inferInsert)["locale"];

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
