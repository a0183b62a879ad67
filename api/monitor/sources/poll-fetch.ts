import { createHash } from "node:crypto";
import type { PollValidators } from "../../domain/dependencies/poll-result.ts";
import { fetchFollowingRedirects, type HopInit } from "../../net/follow-redirects.ts";
import type { PlainResponse } from "../../net/safe-get.ts";
import { describeFetchError, describeStatus, readBounded } from "./fetch-failure.ts";
import type { PollContext } from "./types.ts";

/** Status documents are small; anything bigger is a misconfigured URL, not a status feed. */
export const defaultMaxBytes = 5 * 1024 * 1024;

/** Validators cleared: the next poll re-reads the document in full instead of trusting a 304 or a hash. */
export const noValidators: PollValidators = { etag: null, lastModified: null, contentHash: null };

export type Fetched =
  | { kind: "unchanged"; validators: PollValidators }
  /** `missing`: a 404 read as empty because the caller allowed it (`missingIsEmpty`). */
  | { kind: "fetched"; url: string; bytes: Uint8Array; validators: PollValidators; missing?: true }
  | { kind: "failed"; error: string; retryable: boolean; validators: PollValidators };

export interface PoliteFetchOptions {
  accept?: string;
  maxBytes?: number;
  /**
   * Send the validators of `ctx` and answer `unchanged` on a 304 or the same content hash. Off for a
   * source that reads several documents: one set of validators cannot describe them all.
   */
  conditional?: boolean;
  /** Treat a 404 as an empty document rather than a failure (an optional feed that may not exist). */
  missingIsEmpty?: boolean;
}

/**
 * GET a status document the way a good citizen does: identifying User-Agent, conditional request,
 * timeout, bounded body. A failure clears the validators so the next success is read in full.
 */
export async function politeFetch(
  url: string,
  ctx: PollContext,
  options: PoliteFetchOptions = {},
): Promise<Fetched> {
  const conditional = options.conditional ?? true;
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const headers: Record<string, string> = { "user-agent": ctx.userAgent, accept: options.accept ?? "*/*" };
  if (conditional && ctx.validators.etag) headers["if-none-match"] = ctx.validators.etag;
  if (conditional && ctx.validators.lastModified) headers["if-modified-since"] = ctx.validators.lastModified;

  let bytes: Uint8Array;
  let response: PlainResponse;
  try {
    response = await fetchFollowingRedirects(getOf(ctx), url, {
      headers,
      // The fetch's own deadline (no second timer): it covers the headers and the body.
      timeoutMs: ctx.timeoutMs,
      maxBytes,
    });
    if (response.status === 304 && conditional) {
      await response.body?.cancel();
      const fresh = freshValidators(response);
      return {
        kind: "unchanged",
        validators: {
          ...ctx.validators,
          etag: fresh.etag ?? ctx.validators.etag ?? null,
          lastModified: fresh.lastModified ?? ctx.validators.lastModified ?? null,
        },
      };
    }
    if (response.status === 404 && options.missingIsEmpty) {
      await response.body?.cancel();
      return { kind: "fetched", url, bytes: new Uint8Array(), validators: noValidators, missing: true };
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      const { error, retryable } = describeStatus(url, response.status);
      return { kind: "failed", error, retryable, validators: noValidators };
    }
    bytes = await readBounded(response, maxBytes);
  } catch (err) {
    const { error, retryable } = describeFetchError(url, err, ctx.timeoutMs);
    return { kind: "failed", error, retryable, validators: noValidators };
  }

  const validators: PollValidators = { ...freshValidators(response), contentHash: contentHash(bytes) };
  if (conditional && ctx.validators.contentHash && ctx.validators.contentHash === validators.contentHash) {
    return { kind: "unchanged", validators };
  }
  return { kind: "fetched", url, bytes, validators };
}

export function contentHash(...bodies: Uint8Array[]): string {
  const hash = createHash("sha256");
  // Length prefixes keep ("ab","c") and ("a","bc") apart when several documents are hashed together.
  for (const body of bodies) hash.update(`${body.byteLength}:`).update(body);
  return hash.digest("hex");
}

function freshValidators(response: PlainResponse): PollValidators {
  return { etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") };
}

/** The plain GET of the safe fetch when it has one (the server's does), the fetch itself otherwise. */
export function getOf(ctx: PollContext): (url: string, init: HopInit) => Promise<PlainResponse> {
  return ctx.fetch.get ?? ctx.fetch;
}
