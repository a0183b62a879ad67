import type { IncomingMessage, ServerResponse } from "node:http";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import type { SafeFetch } from "../../api/net/safe-fetch.ts";
import { createSafeFetch } from "../../api/net/safe-fetch.ts";
import { listenOnLoopback } from "./serve.ts";

/**
 * A subscriber's endpoint on loopback, as its owner would write it: it verifies each request with
 * the Standard Webhooks reference library and with Svix's verifier (what many receivers run),
 * records what came, and answers what the test scripts (200 by default, or 500, a redirect, 410,
 * 429, a slow answer).
 */

/** What the endpoint answers to one request. `delayMs` holds the answer back (a slow endpoint). */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

/** Each verifier's verdict: null when it accepted, else its error message. */
export interface Verification {
  standardwebhooks: string | null;
  svix: string | null;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Null when the receiver has no secret (chat services sign nothing). */
  verification: Verification | null;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Requests that reached a path. */
  hits(path: string): number;
  /** Answers for the next requests, in order; after them, the default answer. */
  answerNext(...answers: ReceiverAnswer[]): void;
  close(): Promise<void>;
}

const verdict = (verify: () => unknown): string | null => {
  try {
    verify();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

/** Both verifiers on one raw body and its headers, as a receiver would run them. */
export function verifyWithBoth(secret: string, body: string, headers: Record<string, string>): Verification {
  return {
    standardwebhooks: verdict(() => new StandardWebhook(secret).verify(body, headers)),
    svix: verdict(() => new SvixWebhook(secret).verify(body, headers)),
  };
}

export async function startWebhookReceiver(
  options: { secret?: string; defaultAnswer?: ReceiverAnswer } = {},
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: ReceiverAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const fallback = options.defaultAnswer ?? { status: 200, body: "ok" };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
    requests.push({
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0] ?? "",
      headers,
      body,
      verification: options.secret ? verifyWithBoth(options.secret, body, headers) : null,
    });
    const answer = queue.shift() ?? fallback;
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "");
    };
    if (!answer.delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, answer.delayMs);
    timers.add(timer);
  }

  const server = await listenOnLoopback(handle, () => {
    for (const timer of timers) clearTimeout(timer);
  });
  return {
    url: server.url,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    answerNext: (...answers) => queue.push(...answers),
    // A receiver already closed closes again without an error.
    close: () => server.close().catch(() => {}),
  };
}

/**
 * The real SSRF-guarded fetch, allowed to reach loopback as an on-premises install may. It gets a
 * resolver that refuses every name: tests use IP literals only, so nothing leaves the machine.
 */
export const loopbackFetch: SafeFetch = createSafeFetch({
  allowPrivate: true,
  userAgent: "vigie-test",
  lookup: (host) => Promise.reject(new Error(`tests resolve no host names (${host})`)),
});
