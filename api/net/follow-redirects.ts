/** What one hop is asked with: a safe fetch and a safe GET both take it. */
export interface HopInit {
  headers?: Record<string, string>;
  timeoutMs?: number | undefined;
  maxBytes?: number;
  redirect?: "manual";
}

/** What one hop needs of a response (a fetch `Response` has it). */
export interface HopResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: { cancel(): Promise<void> } | null;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Status hosts move (http to https, one host to another) but never need a long chain. */
export const maxRedirects = 5;

export class RedirectError extends Error {}

/**
 * GET through the injected fetch, following redirects one hop at a time. The network guard returns
 * redirects instead of following them, so that every hop goes through it and is checked again.
 * `timeoutMs` bounds the whole chain: each hop gets what the ones before it left.
 */
export async function fetchFollowingRedirects<R extends HopResponse>(
  fetch: (url: string, init: HopInit) => Promise<R>,
  url: string,
  init: HopInit,
): Promise<R> {
  const until = init.timeoutMs === undefined ? undefined : Date.now() + init.timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    const timeoutMs = until === undefined ? undefined : Math.max(1, until - Date.now());
    const response = await fetch(current, { ...init, redirect: "manual", timeoutMs });
    const location = response.headers.get("location");
    if (!redirectStatuses.has(response.status) || !location) return response;
    await response.body?.cancel();
    if (hop === maxRedirects) throw new RedirectError(`redirected more than ${maxRedirects} times`);
    const next = new URL(location, current);
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw new RedirectError(`redirected to a ${next.protocol} URL`);
    }
    current = next.href;
  }
}
