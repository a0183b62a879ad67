import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { afterEach, beforeEach } from "vitest";
import type { PollResult } from "../../api/domain/dependencies/poll-result.ts";
import type { PollContext } from "../../api/monitor/sources/types.ts";
import type { SafeFetch } from "../../api/net/safe-fetch.ts";
import { listenOnLoopback } from "./serve.ts";

/**
 * A fake upstream status host on loopback: each path answers what the test set, which can change
 * mid-test. It honours `If-None-Match` / `If-Modified-Since` like a CDN would, can be slow, and
 * records every request so tests can check what was sent and how often.
 */
export interface UpstreamReply {
  status?: number;
  body?: string | Uint8Array;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Wait this long before answering (headers included). */
  delayMs?: number;
  headers?: Record<string, string>;
}

export interface UpstreamRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface UpstreamServer {
  url: string;
  requests: UpstreamRequest[];
  /** What `path` answers from now on; `*` answers every path not set otherwise. */
  set(path: string, reply: UpstreamReply): void;
  count(path: string): number;
  /** TCP connections clients opened to it so far (kept-alive ones count once). */
  connections(): number;
  close(): Promise<void>;
}

export async function startUpstreamServer(): Promise<UpstreamServer> {
  const replies = new Map<string, UpstreamReply>();
  const requests: UpstreamRequest[] = [];
  const sockets = new WeakSet<object>();
  let connections = 0;
  const server = await listenOnLoopback((req, res) => {
    if (!sockets.has(req.socket)) {
      sockets.add(req.socket);
      connections++;
    }
    const path = new URL(req.url ?? "/", "http://upstream").pathname;
    requests.push({ path, headers: req.headers });
    const reply = replies.get(path) ?? replies.get("*") ?? { status: 404, body: "Not Found" };
    const answer = () => {
      const headers: Record<string, string> = {
        "content-type": reply.contentType ?? "application/json",
        ...reply.headers,
      };
      if (reply.etag) headers.etag = reply.etag;
      if (reply.lastModified) headers["last-modified"] = reply.lastModified;
      const fresh =
        (reply.etag !== undefined && req.headers["if-none-match"] === reply.etag) ||
        (reply.lastModified !== undefined && req.headers["if-modified-since"] === reply.lastModified);
      if (fresh) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(reply.status ?? 200, headers).end(reply.body ?? "");
    };
    if (!reply.delayMs) return answer();
    const timer = setTimeout(answer, reply.delayMs);
    res.on("close", () => clearTimeout(timer));
  });
  return {
    url: server.url,
    requests,
    set: (path, reply) => replies.set(path, reply),
    count: (path) => requests.filter((r) => r.path === path).length,
    connections: () => connections,
    close: server.close,
  };
}

/**
 * A fresh fake upstream for each test of the file (or of the `describe` it is called in), closed
 * after the test; `routes` sets what it answers before the test starts. The object returned stands
 * for the current test's server.
 */
export function upstreamForEachTest(routes?: (upstream: UpstreamServer) => void): UpstreamServer {
  let current: UpstreamServer | undefined;
  const server = () => {
    if (!current) throw new Error("the fake upstream exists only while a test runs");
    return current;
  };
  beforeEach(async () => {
    current = await startUpstreamServer();
    routes?.(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get url() {
      return server().url;
    },
    get requests() {
      return server().requests;
    },
    set: (path, reply) => server().set(path, reply),
    count: (path) => server().count(path),
    connections: () => server().connections(),
    close: () => server().close(),
  };
}

/** The observation of a poll, or an error that shows what came instead. */
export function observation(result: PollResult) {
  if (result.kind !== "observed") throw new Error(`expected an observation, got ${JSON.stringify(result)}`);
  return result.observation;
}

/**
 * The only network seam of the adapters in tests: plain fetch that honours `timeoutMs`, returns
 * redirects instead of following them (as the network guard does) and refuses anything but loopback,
 * so a default upstream URL left in a test fails instead of going out.
 */
export const loopbackFetch: SafeFetch = (url, init = {}) => {
  const { timeoutMs, maxBytes: _maxBytes, ...rest } = init;
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) {
    return Promise.reject(new Error(`tests reach loopback only, not ${url}`));
  }
  const signals = [rest.signal, timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined];
  const signal = AbortSignal.any(signals.filter((s): s is AbortSignal => !!s));
  return fetch(url, { ...rest, redirect: "manual", signal });
};

/** 2025-10-20 12:00 UTC: the fixtures under test/fixtures/upstream are written around this instant. */
export const fixtureNow = new Date("2025-10-20T12:00:00Z");

export function pollContext(overrides: Partial<PollContext> = {}): PollContext {
  return {
    fetch: loopbackFetch,
    validators: {},
    now: fixtureNow,
    userAgent: "Vigie-test/1.0 (+https://vigie.test)",
    timeoutMs: 2_000,
    ...overrides,
  };
}

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/upstream/${name}`, import.meta.url), "utf8");
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

/** The bytes AWS sends for its dashboard JSON: UTF-16 with a byte-order mark. */
export function utf16WithBom(text: string, order: "be" | "le"): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(order === "be" ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [first, second] = order === "be" ? [unit >> 8, unit & 0xff] : [unit & 0xff, unit >> 8];
    bytes[2 + 2 * i] = first;
    bytes[3 + 2 * i] = second;
  }
  return bytes;
}
