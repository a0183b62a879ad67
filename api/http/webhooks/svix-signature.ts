import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** Svix (Resend's webhook sender) allows this much clock skew, either way. */
export const toleranceSeconds = 5 * 60;

export interface SvixHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Svix signs with the Standard Webhooks scheme under `svix-*` header names: HMAC-SHA256 over
 * `id.timestamp.body` with the base64 key after `whsec_`. The library does the key decoding and the
 * HMAC; the timestamp is checked here against the injected clock rather than the library's `Date.now()`.
 */
export function createSvixVerifier(secret: string) {
  const webhook = new Webhook(secret);
  return (headers: SvixHeaders, rawBody: string, now: Date): SignatureCheck => {
    const { id, timestamp, signature } = headers;
    if (!id || !timestamp || !signature)
      return { ok: false, reason: "Missing svix-id, svix-timestamp or svix-signature header." };
    if (!/^\d{1,12}$/.test(timestamp))
      return { ok: false, reason: "svix-timestamp must be whole seconds since the epoch." };
    const sentAt = Number(timestamp);
    if (Math.abs(now.getTime() / 1000 - sentAt) > toleranceSeconds)
      return { ok: false, reason: "svix-timestamp is more than 5 minutes away from now; replay refused." };
    const expected = Buffer.from(webhook.sign(id, new Date(sentAt * 1000), rawBody).slice(3));
    const matches = signature.split(" ").some((entry) => {
      const [version, value] = entry.split(",");
      const given = Buffer.from(value ?? "");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
    return matches ? { ok: true } : { ok: false, reason: "No svix-signature matches the body." };
  };
}
