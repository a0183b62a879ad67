import { type Clock, systemClock } from "../../../domain/clock.ts";
import type { SafeFetch } from "../../../net/safe-fetch.ts";
import type { DeliveryResult } from "../email-channel.ts";
import { retryAfterMs } from "../rate-limiter.ts";

export interface PostJsonInput {
  fetch: SafeFetch;
  deliveryId: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Milliseconds since the epoch, to read an HTTP-date `Retry-After`. */
  now: number;
  /**
   * A verification request: a 2xx counts only if its body is this challenge, as plain text or as
   * `{"challenge": "..."}`.
   */
  expectEcho?: string;
}

/** Whether an answer's body returns the challenge (read up to a few KiB, never more). */
async function echoes(response: Response, challenge: string): Promise<boolean> {
  const text = (await snippet(response, 4096)).trim();
  if (text === challenge) return true;
  try {
    return (JSON.parse(text) as { challenge?: unknown } | null)?.challenge === challenge;
  } catch {
    return false;
  }
}

/** How much of an error answer is quoted in the reason an admin reads. */
const quotedChars = 200;

/** The start of an answer's body, for the reason; never the whole of what a stranger sends. */
async function snippet(response: Response, limit = quotedChars * 4): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short still says enough with what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).toString("utf8").replace(/\s+/g, " ").trim();
  if (limit !== quotedChars * 4) return text;
  return text.length > quotedChars ? `${text.slice(0, quotedChars)}…` : text;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.name}: ${error.message}${cause}`;
}

const isTimeout = (error: unknown) =>
  error instanceof Error &&
  (error.name === "TimeoutError" ||
    error.name === "AbortError" ||
    (error as { failure?: string }).failure === "timeout");

/**
 * POSTs a JSON body to a URL someone gave us and says what became of it. 2xx counts; a redirect is
 * never followed (it could lead anywhere, the SSRF guard checked only the first host); 410 Gone is
 * the receiver saying it is gone for good; everything else may pass later, so it is retried, no
 * sooner than a `Retry-After`. A URL the SSRF guard refuses fails at once: retrying cannot help.
 */
export async function postJson(input: PostJsonInput): Promise<DeliveryResult> {
  const { deliveryId, timeoutMs } = input;
  const retry = (reason: string, after: number | null = null): DeliveryResult => ({
    deliveryId,
    outcome: "retry",
    reason,
    retryAfterMs: after,
  });
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await input.fetch(input.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...input.headers },
      body: input.body,
      redirect: "manual",
      signal,
      timeoutMs,
      maxBytes: input.maxResponseBytes,
    });
  } catch (error) {
    // Matched by name: the guard's errors (api/net) come through an injected fetch.
    if (error instanceof Error && error.name === "UnsafeUrlError") {
      return { deliveryId, outcome: "failed", reason: error.message };
    }
    if (signal.aborted || isTimeout(error)) return retry(`no answer within ${timeoutMs} ms`);
    if (error instanceof Error && error.name === "FetchFailedError") return retry(error.message);
    return retry(`could not reach the endpoint (${describe(error)})`);
  }

  const { status } = response;
  if (status >= 200 && status < 300) {
    if (input.expectEcho !== undefined) {
      if (!(await echoes(response, input.expectEcho)))
        return retry(
          `answered ${status} without the challenge: reply with the "challenge" of the verification request`,
        );
      return { deliveryId, outcome: "sent", providerId: deliveryId };
    }
    response.body?.cancel().catch(() => {});
    // The receiver gives no id of its own; the delivery id is what it saw (as `webhook-id` when signed).
    return { deliveryId, outcome: "sent", providerId: deliveryId };
  }
  if (status >= 300 && status < 400) {
    response.body?.cancel().catch(() => {});
    const location = response.headers.get("location") ?? "no location";
    return retry(`redirects are not followed (answered ${status} to ${location})`);
  }
  const said = await snippet(response);
  const reason = `answered ${status}${said ? `: ${said}` : ""}`;
  if (status === 410) return { deliveryId, outcome: "failed", reason: `${reason} (the endpoint is gone)` };
  const headers = { "retry-after": response.headers.get("retry-after") ?? "" };
  return retry(reason, retryAfterMs(headers, input.now));
}

/** What a sender posting to subscribers' URLs (webhooks, chat tools) is built with. */
export interface JsonSenderOptions {
  /** The SSRF-guarded fetch: subscribers choose these URLs. */
  fetch: SafeFetch;
  /** A 2xx must arrive within this long (Standard Webhooks suggests 15–30 s). */
  timeoutMs?: number;
  /** Receivers answer with a status; whatever body they send is not ours to store. */
  maxResponseBytes?: number;
  userAgent?: string;
  clock?: Clock;
}

export type JsonPost = Pick<PostJsonInput, "deliveryId" | "url" | "body" | "expectEcho"> & {
  /** Sent besides the sender's `user-agent`. */
  headers?: Record<string, string>;
};

/** `postJson` with a sender's options in place: 15 s, 64 KiB of answer at most, its user agent. */
export function jsonPoster(options: JsonSenderOptions, defaultUserAgent: string) {
  const {
    fetch,
    timeoutMs = 15_000,
    maxResponseBytes = 64 * 1024,
    userAgent = defaultUserAgent,
    clock = systemClock,
  } = options;
  return ({ headers, ...post }: JsonPost) =>
    postJson({
      fetch,
      ...post,
      headers: { "user-agent": userAgent, ...headers },
      timeoutMs,
      maxResponseBytes,
      now: clock.now().getTime(),
    });
}
