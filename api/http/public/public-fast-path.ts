import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerOptions,
  type ServerResponse,
} from "node:http";
import type { Hono } from "hono";
import type { HttpTally, RouteSeries } from "../metrics/http-tally.ts";
import type { CachedDocument } from "./document-cache.ts";
import { chooseAnswer } from "./document-encodings.ts";
import type { PublicApi } from "./statuspage-v2.ts";

/** Answers a request it recognises without the router, or returns null to let the router answer. */
export type FastPath = (request: Request, env: unknown) => Response | null;

/**
 * The same, on Node's own request and response, before @hono/node-server builds a Request: true
 * when it answered, false to hand the request on.
 */
export type NodeFastPath = (incoming: IncomingMessage, outgoing: ServerResponse) => boolean;

export interface PublicFastPaths {
  fetch: FastPath;
  node: NodeFastPath;
}

const prefix = "/api/v2";

/**
 * `GET /api/v2/*.json` of a document already cached for the current data: the request every open
 * status page repeats. It gets the same answer the router would give (the same function picks it)
 * and is counted in the same metrics, without routing, middleware or a header object per request.
 * Anything else (HEAD, another query, a document to build, an error) goes to the router.
 * `fetch` stands in front of the app's router; `node` in front of @hono/node-server, which then
 * builds no Request, Response or closure for these requests either.
 */
export function publicFastPath(documents: PublicApi, tally: HttpTally): PublicFastPaths {
  const series = new Map<string, RouteSeries>(
    documents.paths.map((path) => [`${prefix}${path}`, tally.series("GET", `${prefix}${path}`)]),
  );
  /** The cached document a path and a raw query name, if any. */
  const cached = (path: string, query: string): CachedDocument | undefined =>
    documents.cached(path.slice(prefix.length), query);

  const fetch: FastPath = (request, env) => {
    if (request.method !== "GET") return null;
    const started = performance.now();
    const url = request.url;
    const pathStart = url.indexOf("/", url.indexOf(":") + 3);
    const queryStart = url.indexOf("?", pathStart);
    const path = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
    const counted = series.get(path);
    if (!counted) return null;
    const doc = cached(path, queryStart === -1 ? "" : url.slice(queryStart + 1));
    if (!doc) return null;
    // @hono/node-server passes the Node request: its headers are read without building a Headers.
    const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const answer = incoming
      ? chooseAnswer(doc.reps, incoming.headers["if-none-match"], incoming.headers["accept-encoding"])
      : chooseAnswer(
          doc.reps,
          request.headers.get("If-None-Match") ?? undefined,
          request.headers.get("Accept-Encoding") ?? undefined,
        );
    counted.record(answer.status, (performance.now() - started) / 1000);
    return new Response(answer.body, answer.init);
  };

  const node: NodeFastPath = (incoming, outgoing) => {
    if (incoming.method !== "GET") return false;
    const started = performance.now();
    // The request target as sent: an absolute form (from a proxy) or anything unusual goes on.
    const url = incoming.url;
    if (url === undefined || url.charCodeAt(0) !== 47 /* / */) return false;
    const queryStart = url.indexOf("?");
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const counted = series.get(path);
    if (!counted) return false;
    const doc = cached(path, queryStart === -1 ? "" : url.slice(queryStart + 1));
    if (!doc) return false;
    const headers = incoming.headers;
    const answer = chooseAnswer(doc.reps, headers["if-none-match"], headers["accept-encoding"]);
    counted.record(answer.status, (performance.now() - started) / 1000);
    outgoing.writeHead(answer.status, answer.nodeHeaders);
    if (answer.body) outgoing.end(answer.body);
    else outgoing.end();
    return true;
  };

  return { fetch, node };
}

/** Puts `fast` in front of the app's router, for `fetch` and `request` alike. */
export function withFastPath<T extends Hono>(app: T, fast: FastPath): T {
  const routed = app.fetch;
  app.fetch = (request, env, executionCtx) => fast(request, env) ?? routed(request, env, executionCtx);
  return app;
}

/**
 * A `createServer` for @hono/node-server's `serve` whose server lets `fast` answer first and hands
 * every other request to @hono/node-server's listener.
 */
export function serverWithFastPath(fast: NodeFastPath): typeof createServer {
  const create = (options: ServerOptions, listener: RequestListener) =>
    createServer(options, (incoming, outgoing) => {
      if (!fast(incoming, outgoing)) listener(incoming, outgoing);
    });
  // The adapter calls it as (options, listener), one of createServer's overloads.
  return create as typeof createServer;
}
