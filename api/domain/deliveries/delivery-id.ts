import { sql } from "drizzle-orm";

/**
 * A new delivery's id, made in SQL: the time in hex, then randomness. A page's ids sort together, so
 * its rows land side by side in the primary key and a batch's lookups touch a few pages, not one
 * page each (random ids cost a fan-out a third of its database time).
 */
export const deliveryId = (at: number) => sql`'dlv_' || printf('%011x', ${at}) || lower(hex(randomblob(5)))`;
