import { type Clock, systemClock } from "../../../domain/clock.ts";
import { isGsm7 } from "../../../templates/sms-segments.ts";
import { createRateLimiter, retryAfterMs } from "../rate-limiter.ts";
import { type FormAnswer, postForm } from "./post-form.ts";
import { type SmsDeliveryResult, type SmsProvider, transportFailure } from "./sms-provider.ts";

export interface VonageProviderOptions {
  apiKey: string;
  apiSecret: string;
  /** A number in E.164 without `+`, or an alphanumeric sender id (up to 11 characters). */
  from: string;
  /** `https://rest.nexmo.com` by default, or a fake on loopback in tests. */
  baseUrl?: string;
  /** Must move with real time: the rate limiter paces requests by it. */
  clock?: Clock;
  /** Vonage's documented default throughput for the SMS API is 30 requests/s per API key. */
  maxPerSecond?: number;
  timeoutMs?: number;
}

/**
 * What each non-zero `status` of Vonage's SMS API means for us (its "SMS API status codes"):
 * - 1 Throttled: sending faster than the account's limit: retry later, the provider is up.
 * - 5 Internal Error: Vonage failed to process it: retry, and fail over.
 * - Account problems, where every message would fail alike until an admin acts: 4 Invalid
 *   Credentials, 8 Partner Account Barred, 9 Partner Quota Violation (no credit), 10 Too Many
 *   Existing Binds, 11 Account Not Enabled For HTTP, 14 Invalid Signature, 15 Invalid Sender
 *   Address, 32 Signature And API Secret Disallowed: retry as `unavailable`, so a failover carries
 *   the message and, without one, it waits for the fix instead of being dropped.
 * - 7 Number Barred: the recipient is on the barred list (e.g. replied STOP): failed, opted out.
 * - Anything else concerns this message or recipient: 2 Missing Parameters, 3 Invalid Parameters
 *   (e.g. a bad number), 6 Invalid Message (unroutable), 12 Message Too Long, 22 Invalid Network
 *   Code, 23 Invalid Callback Url, 29 Non-Whitelisted Destination, 33 Number De-activated: failed.
 */
const accountProblems = new Set(["4", "8", "9", "10", "11", "14", "15", "32"]);

interface VonagePart {
  status?: unknown;
  "message-id"?: unknown;
  "error-text"?: unknown;
}

/**
 * The second SMS provider: Vonage's SMS API (formerly Nexmo), `POST /sms/json`. Chosen over OVHcloud
 * (whose API signs every call with an application key, a consumer key and a timestamped SHA-1) and
 * Brevo (whose SMS API reports less per message) because it is one form-encoded call with the
 * credentials in the body, routes well across Europe, takes a per-message delivery-receipt URL and
 * our own reference (`client-ref`), and answers every part of a long message with its own status.
 * It answers HTTP 200 even when it refuses: the verdict is each part's `status`.
 */
export function createVonageProvider(options: VonageProviderOptions): SmsProvider {
  const { apiKey, apiSecret, from, clock = systemClock, maxPerSecond = 30, timeoutMs = 15_000 } = options;
  if (!apiKey || !apiSecret || !from) {
    throw new Error("Vonage: set VONAGE_API_KEY, VONAGE_API_SECRET and VONAGE_FROM.");
  }
  const url = `${(options.baseUrl ?? "https://rest.nexmo.com").replace(/\/+$/, "")}/sms/json`;
  const limiter = createRateLimiter({ maxPerSecond, clock });
  const provider = "vonage";

  function classify(deliveryId: string, answer: FormAnswer): SmsDeliveryResult {
    const retry = (reason: string, cause: "throttled" | "unavailable", after: number | null = null) =>
      ({ deliveryId, outcome: "retry", reason, retryAfterMs: after, provider, cause }) as const;
    const failed = (reason: string, code: string | null) =>
      ({ deliveryId, outcome: "failed", reason, provider, code, optedOut: code === "7" }) as const;
    if (answer.status === 429)
      return retry("vonage: HTTP 429", "throttled", retryAfterMs(answer.headers, clock.now().getTime()));
    if (answer.status >= 500 || answer.status === 401 || answer.status === 403)
      return retry(`vonage: HTTP ${answer.status}`, "unavailable");
    const parts = (answer.json as { messages?: unknown } | null)?.messages;
    if (answer.status !== 200 || !Array.isArray(parts) || parts.length === 0)
      return failed(`vonage: unexpected answer (HTTP ${answer.status})`, null);

    const accepted = (parts as VonagePart[]).filter((p) => String(p.status) === "0");
    const refused = (parts as VonagePart[]).find((p) => String(p.status) !== "0");
    if (!refused)
      return {
        deliveryId,
        outcome: "sent",
        providerId: accepted.map((p) => p["message-id"]).join(","),
        provider,
      };
    const code = String(refused.status);
    const reason = `vonage: status ${code}: ${refused["error-text"] ?? "no error text"}`;
    // Some parts went out: a retry would send them again, so the rest is not worth a duplicate.
    if (accepted.length > 0)
      return failed(`${reason} (${accepted.length} of ${parts.length} parts sent)`, code);
    if (code === "1") return retry(reason, "throttled");
    if (code === "5" || accountProblems.has(code)) return retry(reason, "unavailable");
    return failed(reason, code);
  }

  return {
    name: provider,
    async send(message) {
      await limiter.acquire();
      const form = {
        api_key: apiKey,
        api_secret: apiSecret,
        from,
        to: message.to.replace(/^\+/, ""),
        text: message.body,
        // Default `text` is GSM-7 only: anything else would arrive as question marks.
        type: isGsm7(message.body) ? "text" : "unicode",
        "client-ref": message.deliveryId,
        "status-report-req": message.statusCallbackUrl ? "true" : undefined,
        callback: message.statusCallbackUrl,
      };
      const result = await postForm(url, form, {}, timeoutMs);
      if (!result.ok)
        return transportFailure(provider, message.deliveryId, result.error, result.timedOut, timeoutMs);
      limiter.observe(result.answer.headers);
      return classify(message.deliveryId, result.answer);
    },
  };
}
