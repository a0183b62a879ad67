import { createHash } from "node:crypto";
import { type CreateBatchEmailOptions, type ErrorResponse, Resend } from "resend";
import { type Clock, systemClock } from "../../domain/clock.ts";
import {
  type BatchResult,
  type DeliveryResult,
  type EmailChannel,
  type OutgoingEmail,
  senderOf,
} from "./email-channel.ts";
import { createRateLimiter, retryAfterMs } from "./rate-limiter.ts";

export interface ResendChannelOptions {
  apiKey: string;
  /** `https://api.resend.com`, or a fake on loopback in tests. Passed explicitly: the SDK would
   * otherwise read `RESEND_BASE_URL` from the environment itself. */
  baseUrl: string;
  /** `Name <address>` or `address`, on a domain verified at Resend. */
  from: string;
  clock?: Clock;
  /** Resend's documented default is 5 requests/s per team; raise it only if Resend raised yours. */
  maxPerSecond?: number;
  timeoutMs?: number;
}

/** Resend accepts at most this many emails per batch call. */
export const maxBatchSize = 100;

/**
 * The same deliveries always give the same key, whatever their order, so a retried batch is
 * recognised by Resend (for 24 h) instead of sent twice. Hashed: Resend takes 1–256 characters.
 */
export function batchIdempotencyKey(deliveryIds: readonly string[]): string {
  const digest = createHash("sha256")
    .update([...deliveryIds].sort().join("\n"))
    .digest("base64url");
  return `vigie-batch/${digest}`;
}

type Outcome =
  | { outcome: "retry"; reason: string; retryAfterMs: number | null }
  | { outcome: "failed"; reason: string };

/** Whether a refused call is worth repeating: only transport trouble, 429 and 5xx are. */
function classify(error: ErrorResponse, headers: Record<string, string> | null, now: number): Outcome {
  const status = error.statusCode;
  const what = `${error.name}: ${error.message}`;
  // The SDK takes the status from the JSON error body; with no body status (a proxy's error page),
  // or no response at all, we cannot know the email was refused, and the idempotency key makes a
  // repeat safe.
  if (status === null || status === undefined) return { outcome: "retry", reason: what, retryAfterMs: null };
  if (status === 429)
    return { outcome: "retry", reason: `429 ${what}`, retryAfterMs: retryAfterMs(headers, now) };
  if (status >= 500 || error.name === "concurrent_idempotent_requests") {
    return { outcome: "retry", reason: `${status} ${what}`, retryAfterMs: null };
  }
  return { outcome: "failed", reason: `${status} ${what}` };
}

/**
 * Emails through Resend's batch endpoint, at most 100 per call, in permissive validation mode so one
 * bad address fails alone. The SDK is enough here: it takes a per-call `idempotencyKey`,
 * `batchValidation`, an abort `signal` (our timeout), and returns the response headers. It always
 * uses the global `fetch`, so there is no fetch to inject; tests talk to a real fake over loopback.
 */
export function createResendChannel(options: ResendChannelOptions): EmailChannel {
  // Guarded here: given an empty key the SDK would fall back to `RESEND_API_KEY` from the environment.
  if (!options.apiKey) throw new Error("Resend channel: the API key is empty; set RESEND_API_KEY.");
  const { from, clock = systemClock, maxPerSecond = 5, timeoutMs = 15_000 } = options;
  const resend = new Resend(options.apiKey, { baseUrl: options.baseUrl });
  const limiter = createRateLimiter({ maxPerSecond, clock });

  // Resend writes its own Message-ID; In-Reply-To and References in the headers still thread replies.
  const toResend = (email: OutgoingEmail): CreateBatchEmailOptions => ({
    ...senderOf(email, from),
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
  });

  async function sendChunk(chunk: OutgoingEmail[]): Promise<DeliveryResult[]> {
    await limiter.acquire();
    const signal = AbortSignal.timeout(timeoutMs);
    const all = (outcome: Outcome): DeliveryResult[] =>
      chunk.map(({ deliveryId }) => ({ deliveryId, ...outcome }));
    const response = await resend.batch
      .send(chunk.map(toResend), {
        idempotencyKey: batchIdempotencyKey(chunk.map((email) => email.deliveryId)),
        batchValidation: "permissive",
        signal,
      })
      .catch((err: unknown) => ({ thrown: err }));
    if ("thrown" in response)
      return all({ outcome: "retry", reason: `${response.thrown}`, retryAfterMs: null });
    limiter.observe(response.headers);
    if (response.error) {
      // The SDK reports an aborted fetch like any transport failure; our own signal tells them apart.
      if (signal.aborted)
        return all({ outcome: "retry", reason: `timeout after ${timeoutMs} ms`, retryAfterMs: null });
      return all(classify(response.error, response.headers, clock.now().getTime()));
    }

    // Resend lists the ids of the accepted emails in order, and the refused ones by index.
    const refused = new Map((response.data.errors ?? []).map((error) => [error.index, error.message]));
    const ids = response.data.data.map((item) => item.id);
    const acceptedCount = chunk.length - refused.size;
    if (ids.length !== acceptedCount) {
      const reason = `Resend answered with ${ids.length} ids for ${acceptedCount} accepted emails`;
      return all({ outcome: "failed", reason });
    }
    let next = 0;
    return chunk.map(({ deliveryId }, index): DeliveryResult => {
      const message = refused.get(index);
      if (message !== undefined)
        return { deliveryId, outcome: "failed", reason: `refused by Resend: ${message}` };
      return { deliveryId, outcome: "sent", providerId: ids[next++]! };
    });
  }

  return {
    async sendBatch(messages): Promise<BatchResult> {
      if (new Set(messages.map((m) => m.deliveryId)).size !== messages.length) {
        throw new Error("Resend channel: a batch holds the same delivery id twice.");
      }
      // Sorted before cutting, so the same deliveries always form the same calls and keys.
      const sorted = [...messages].sort((a, b) =>
        a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0,
      );
      const chunks: OutgoingEmail[][] = [];
      for (let i = 0; i < sorted.length; i += maxBatchSize) chunks.push(sorted.slice(i, i + maxBatchSize));
      const results = (await Promise.all(chunks.map(sendChunk))).flat();
      const byDelivery = new Map(results.map((result) => [result.deliveryId, result]));
      return messages.map((message) => byDelivery.get(message.deliveryId)!);
    },
  };
}
