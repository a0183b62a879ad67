/** Turning what went wrong on the wire into plain words, and whether another try soon makes sense. */

import type { PlainResponse } from "../../net/safe-get.ts";

export interface FetchFailure {
  error: string;
  retryable: boolean;
  /** The target could not be reached at all (timeout, refused, reset, unknown host, TLS). */
  unreachable: boolean;
}

/** Raised while reading a body that grows past the size we accept. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`sent more than ${formatBytes(maxBytes)}`);
  }
}

const causeWords: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no answer in time",
  UND_ERR_BODY_TIMEOUT: "body did not arrive in time",
};

/** An exception from fetch (or from reading its body) in words an admin can act on. */
export function describeFetchError(url: string, err: unknown, timeoutMs: number): FetchFailure {
  if (err instanceof BodyTooLargeError) {
    return { error: `${url} ${err.message}`, retryable: false, unreachable: false };
  }
  // The network guard's errors say what kind of failure they are; read that without depending on it.
  const kind = (err as { failure?: unknown } | null)?.failure;
  if (kind === "too_large" && err instanceof Error) {
    return { error: `${url}: ${err.message}`, retryable: false, unreachable: false };
  }
  if (kind === "timeout" || isTimeout(err)) {
    return {
      error: `${url} timed out after ${formatSeconds(timeoutMs)}`,
      retryable: true,
      unreachable: true,
    };
  }
  const code = causeCode(err);
  if (code || kind === "dns" || kind === "network") {
    const words = code ? codeWords(code) : (err as Error).message;
    return { error: `could not reach ${url}: ${words}`, retryable: true, unreachable: true };
  }
  // Anything else (a URL the network guard refuses, a bug) will not get better by retrying soon.
  const message = err instanceof Error ? err.message : String(err);
  return { error: `could not fetch ${url}: ${message}`, retryable: false, unreachable: false };
}

/** A non-success HTTP status: 4xx is our request's fault (no retry storm), 5xx is theirs. */
export function describeStatus(url: string, status: number): FetchFailure {
  return { error: `${url} answered ${status}`, retryable: status >= 500, unreachable: false };
}

function codeWords(code: string): string {
  if (causeWords[code]) return causeWords[code];
  return code.startsWith("ERR_TLS") || code.includes("CERT") ? "TLS failed" : code;
}

function isTimeout(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === "TimeoutError" || err.name === "AbortError") return true;
  return err.cause instanceof Error && (err.cause.name === "TimeoutError" || err.cause.name === "AbortError");
}

function causeCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** Reads a body up to `maxBytes`; the fetch's abort signal also bounds how long it may take. */
export async function readBounded(response: PlainResponse, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    // Leaving the loop by a throw cancels the stream, so the rest is never downloaded.
    if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} kB`;
}
