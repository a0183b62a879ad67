import { createHash } from "node:crypto";
import { z } from "zod";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { hitCounter, pruneCounters } from "./rate-counter.ts";

const hourMs = 3_600_000;
/** Email and webhook subscriptions one network (an IPv4 address, an IPv6 /64) may ask for per hour. */
export const subscribeRequestsPerNetworkPerHour = 10;
/** Subscription requests for one address or URL per hour (each may send a confirmation). */
export const subscribeRequestsPerTargetPerHour = 3;

export const subscribeRequestInput = z.strictObject({
  /** The client's network, as `clientNetwork` gives it. */
  network: z.string(),
  /** The channel and its address or URL. */
  target: z.string(),
});

/**
 * Counts one email or webhook subscription request against the limits per network and per target,
 * in the database so they hold across restarts and every process sharing it. Both always count.
 * The target is kept hashed: a counter needs no address in clear. Returns the seconds to wait, or 0.
 */
export async function countSubscribeRequest(
  call: Call<typeof subscribeRequestInput, PublicCtx>,
): Promise<number> {
  const { network, target } = parseInput(subscribeRequestInput, call.input);
  const { deps } = call.ctx;
  const targetKey = createHash("sha256").update(target).digest("base64url").slice(0, 32);
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    await pruneCounters(tx, at);
    const byNetwork = await hitCounter(tx, `subscribe:network:${network}`, hourMs, at);
    const byTarget = await hitCounter(tx, `subscribe:target:${targetKey}`, hourMs, at);
    return Math.max(
      byNetwork.count > subscribeRequestsPerNetworkPerHour ? byNetwork.resetInS : 0,
      byTarget.count > subscribeRequestsPerTargetPerHour ? byTarget.resetInS : 0,
    );
  });
}
