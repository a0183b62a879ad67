export interface FormAnswer {
  status: number;
  /** Lower-case names, as `retryAfterMs` and the rate limiter read them. */
  headers: Record<string, string>;
  /** The parsed JSON body, or null when the body was not JSON (a proxy's error page). */
  json: unknown;
}

export type PostFormResult =
  | { ok: true; answer: FormAnswer }
  | { ok: false; error: unknown; timedOut: boolean };

/**
 * POSTs an `application/x-www-form-urlencoded` body and reads the whole answer under one deadline:
 * headers and body alike, so a server that stalls mid-body cannot hold a worker. Redirects are
 * refused: a provider API never redirects a send, and following one would replay the credentials.
 */
export async function postForm(
  url: string,
  form: Record<string, string | undefined>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostFormResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { accept: "application/json", ...headers },
      body,
      redirect: "error",
      signal,
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Left null: callers go by the status.
    }
    return {
      ok: true,
      answer: { status: response.status, headers: Object.fromEntries(response.headers), json },
    };
  } catch (error) {
    return { ok: false, error, timedOut: signal.aborted };
  }
}
