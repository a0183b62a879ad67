import type { IncomingMessage } from "node:http";
import type { Hono } from "hono";
import type { HttpTally, RouteSeries } from "../metrics/http-tally.ts";
import { answerDocument } from "./document-encodings.ts";
import type { PublicApi } from "./statuspage-v2.ts";

/** Answers a request it recognises without the router, or returns null to let the router answer. */
export type FastPath = (request: Request, env: unknown) => Response | null;

const prefix = "/api/v2";

/**
 * `GET /api/v2/*.json` of a document already cached for the current data: the request every open
 * status page repeats. It gets the same answer the router would give (the same function builds
 * it) and is counted in the same metrics, without routing, middleware or a header object per
 * request. Anything else (HEAD, another query, a document to build, an error) goes to the router.
 */
export function publicFastPath(documents: PublicApi, tally: HttpTally): FastPath {
  const series = new Map<string, RouteSeries>(
    documents.paths.map((path) => [`${prefix}${path}`, tally.series("GET", `${prefix}${path}`)]),
  );
  return (request, env) => {
    if (request.method !== "GET") return null;
    const started = performance.now();
    const url = request.url;
    const pathStart = url.indexOf("/", url.indexOf(":") + 3);
    const queryStart = url.indexOf("?", pathStart);
    const path = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
    const counted = series.get(path);
    if (!counted) return null;
    const doc = documents.cached(
      path.slice(prefix.length),
      queryStart === -1 ? "" : url.slice(queryStart + 1),
    );
    if (!doc) return null;
    // @hono/node-server passes the Node request: its headers are read without building a Headers.
    const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const response = incoming
      ? answerDocument(doc.reps, incoming.headers["if-none-match"], incoming.headers["accept-encoding"])
      : answerDocument(
          doc.reps,
          request.headers.get("If-None-Match") ?? undefined,
          request.headers.get("Accept-Encoding") ?? undefined,
        );
    counted.record(response.status, (performance.now() - started) / 1000);
    return response;
  };
}

/** Puts `fast` in front of the app's router, for `fetch` and `request` alike. */
export function withFastPath<T extends Hono>(app: T, fast: FastPath): T {
  const routed = app.fetch;
  app.fetch = (request, env, executionCtx) => fast(request, env) ?? routed(request, env, executionCtx);
  return app;
}
