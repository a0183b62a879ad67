import { sql } from "drizzle-orm";
import type { Deps } from "../context.ts";
import type { Channel } from "../types.ts";

/**
 * The channels among `channels` with at least one active subscriber. One probe each, through the
 * (channel, address) index: through the state index, a channel nobody uses would walk every active
 * subscriber.
 */
export async function channelsWithSubscribers(deps: Deps, channels: readonly Channel[]): Promise<Channel[]> {
  const found = await Promise.all(
    channels.map((channel) =>
      deps.read((db) =>
        db.all(sql`select 1 from subscribers indexed by subscribers_channel_address_idx
          where channel = ${channel} and state = 'active' limit 1`),
      ),
    ),
  );
  return channels.filter((_, i) => found[i]!.length > 0);
}
