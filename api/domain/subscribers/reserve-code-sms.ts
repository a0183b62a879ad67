import type { Deps } from "../context.ts";
import { DomainError, rateLimited } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import type { SettingsRow } from "../settings/get-settings.ts";
import { clientNetwork } from "./client-network.ts";
import { hitCounter, pruneCounters } from "./rate-counter.ts";
import { countryOfPhone, smsCountriesOf } from "./sms-countries.ts";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** Codes one network (an IPv4 address, an IPv6 /64) may ask for per hour. */
export const codesPerNetworkPerHour = 3;
/** Codes one number may be sent per day. */
export const codesPerNumberPerDay = 3;

export interface ReserveCodeSmsInput {
  phone: string;
  /** The client's address as the HTTP layer found it (none for in-process callers). */
  client: string | undefined;
}

const minutes = (s: number) => Math.max(1, Math.ceil(s / 60));

/**
 * Takes one confirmation-code SMS out of the limits, before anything is queued: the number's country
 * must be allowed, then the client's network, the number and the whole page (per hour and per day)
 * must be under their limits. Counters live in the database. Every request for an allowed country
 * counts, whether or not the number is already subscribed, so the answers reveal nothing about it.
 * The first request refused by the page's budget in a window alerts the on-call contacts.
 */
export async function reserveCodeSms(
  deps: Deps,
  settings: SettingsRow,
  { phone, client }: ReserveCodeSmsInput,
): Promise<void> {
  const allowed = smsCountriesOf(settings);
  const country = countryOfPhone(phone);
  if (!country || !allowed.includes(country))
    throw new DomainError(
      "invalid_input",
      `This page sends SMS only to numbers of ${allowed.join(", ") || "no country"}${country ? ` (this number is from ${country})` : ""}; subscribe by email or webhook instead.`,
      [{ path: "phone", message: `must be a number of ${allowed.join(", ") || "no country"}` }],
    );
  const refusal = await deps.write(async (tx) => {
    const at = deps.clock.now();
    await pruneCounters(tx, at);
    const network =
      client === undefined
        ? null
        : await hitCounter(tx, `sms-code:network:${clientNetwork(client)}`, hourMs, at);
    if (network && network.count > codesPerNetworkPerHour)
      return rateLimited(
        `Too many SMS codes asked from your network: try again in ${minutes(network.resetInS)} minutes.`,
        network.resetInS,
      );
    const number = await hitCounter(tx, `sms-code:number:${phone}`, dayMs, at);
    if (number.count > codesPerNumberPerDay)
      return rateLimited(
        `Too many SMS codes sent to this number today: try again in ${minutes(number.resetInS)} minutes.`,
        number.resetInS,
      );
    for (const [window, windowMs, budget] of [
      ["hour", hourMs, settings.smsBudgetPerHour],
      ["day", dayMs, settings.smsBudgetPerDay],
    ] as const) {
      const page = await hitCounter(tx, `sms-code:page:${window}`, windowMs, at);
      if (page.count <= budget) continue;
      if (page.count === budget + 1)
        await appendEvent(tx, at, "sms.budget_reached", {
          window,
          budget,
          resets_at: new Date(at.getTime() + page.resetInS * 1000).toISOString(),
        });
      return rateLimited(
        `This page has sent all the SMS codes it allows this ${window}: try again in ${minutes(page.resetInS)} minutes, or subscribe by email.`,
        page.resetInS,
      );
    }
    return null;
  });
  if (refusal) throw refusal;
}
