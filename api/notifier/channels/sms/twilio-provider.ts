import { type Clock, systemClock } from "../../../domain/clock.ts";
import { createRateLimiter, retryAfterMs } from "../rate-limiter.ts";
import { type FormAnswer, postForm } from "./post-form.ts";
import { type SmsDeliveryResult, type SmsProvider, transportFailure } from "./sms-provider.ts";

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  /** An E.164 number or alphanumeric sender id, or a Messaging Service sid (`MG…`). */
  from: string;
  /** `https://api.twilio.com` by default, or a fake on loopback in tests. */
  baseUrl?: string;
  /** Must move with real time: the rate limiter paces requests by it. */
  clock?: Clock;
  /** Requests started per second. Twilio queues what it accepts and paces it per sender itself. */
  maxPerSecond?: number;
  timeoutMs?: number;
}

/**
 * Twilio errors (the `code` of a 4xx answer) that say our account or sender is unusable, not this
 * message: bad credentials (20003), account suspended (20005), a `From` that is not ours or cannot
 * send SMS (21212, 21606). Every message would fail the same way, so they count as the provider
 * being down: a failover sends elsewhere, and without one the delivery waits for an admin fix.
 */
const accountProblems = new Set(["20003", "20005", "21212", "21606"]);
/** The recipient replied STOP to this sender: Twilio refuses until they reply START. */
const optedOutCode = "21610";

interface TwilioError {
  code?: number | string;
  message?: string;
}

/**
 * SMS through Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`). Plain `fetch`
 * rather than the `twilio` package: we make one call, and the SDK ships a generated client for every
 * Twilio product, pulls in axios, dayjs and jsonwebtoken, and would own the retries and timeouts we
 * need to classify ourselves. Twilio takes no idempotency key
 * on this call, so a timed-out request is reported as `unknown` and never re-sent elsewhere at once.
 */
export function createTwilioProvider(options: TwilioProviderOptions): SmsProvider {
  const { accountSid, authToken, from, clock = systemClock, maxPerSecond = 10, timeoutMs = 15_000 } = options;
  if (!accountSid || !authToken || !from) {
    throw new Error("Twilio: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.");
  }
  const baseUrl = (options.baseUrl ?? "https://api.twilio.com").replace(/\/+$/, "");
  const url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const sender = /^MG[0-9a-f]{32}$/i.test(from) ? { MessagingServiceSid: from } : { From: from };
  const limiter = createRateLimiter({ maxPerSecond, clock });
  const provider = "twilio";

  function classify(deliveryId: string, answer: FormAnswer): SmsDeliveryResult {
    const { status, json } = answer;
    const body = (json ?? {}) as { sid?: unknown } & TwilioError;
    if (status >= 200 && status < 300) {
      if (typeof body.sid === "string" && body.sid !== "")
        return { deliveryId, outcome: "sent", providerId: body.sid, provider };
      const reason = `twilio: accepted (HTTP ${status}) but the answer holds no message sid`;
      return { deliveryId, outcome: "failed", reason, provider, code: null, optedOut: false };
    }
    const code = body.code === undefined || body.code === null ? null : String(body.code);
    const reason = `twilio: HTTP ${status}${code ? ` error ${code}` : ""}: ${body.message ?? "no message"}`;
    const retry = (cause: "throttled" | "unavailable", after: number | null = null) =>
      ({ deliveryId, outcome: "retry", reason, retryAfterMs: after, provider, cause }) as const;
    if (status === 429) return retry("throttled", retryAfterMs(answer.headers, clock.now().getTime()));
    if (status >= 500 || status === 401 || status === 403) return retry("unavailable");
    if (code !== null && accountProblems.has(code)) return retry("unavailable");
    return { deliveryId, outcome: "failed", reason, provider, code, optedOut: code === optedOutCode };
  }

  return {
    name: provider,
    async send(message) {
      await limiter.acquire();
      const result = await postForm(
        url,
        { To: message.to, ...sender, Body: message.body, StatusCallback: message.statusCallbackUrl },
        { authorization },
        timeoutMs,
      );
      if (!result.ok)
        return transportFailure(provider, message.deliveryId, result.error, result.timedOut, timeoutMs);
      limiter.observe(result.answer.headers);
      return classify(message.deliveryId, result.answer);
    },
  };
}
