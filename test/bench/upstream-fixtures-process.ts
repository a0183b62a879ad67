// The upstream status hosts of the monitor benchmark in their own process, so that serving them is
// not counted as the monitor's CPU. Over the IPC channel: sends `{ url }` once listening, then answers
// each message in order: `{ flip: i }` turns dependency i's upstream to an outage (answers
// `{ at }`, the epoch ms of the switch), "report" answers a FixturesReport, "close" stops.

import { startUpstreamServer } from "../helpers/upstream-server.ts";
import { upstreamReplies } from "./monitor-documents.ts";
import { plannedDependencies, plannedDependency } from "./monitor-plan.ts";

export interface FixturesReport {
  /** Requests for each dependency's primary document: one per check. */
  checks: number;
  requests: number;
  /** Requests that carried `If-None-Match` or `If-Modified-Since`. */
  conditional: number;
}

export type FixturesMessage = { flip: number } | "report" | "close";

const server = await startUpstreamServer();
const planned = plannedDependencies();
const setAll = (replies: Record<string, Parameters<typeof server.set>[1]>) => {
  for (const [path, reply] of Object.entries(replies)) server.set(path, reply);
};
for (const p of planned) setAll(upstreamReplies(p, "ok", new Date()));
const primaryPaths = new Set(planned.map((p) => p.primaryPath));

process.on("message", async (message: FixturesMessage) => {
  if (typeof message === "object" && "flip" in message) {
    const at = new Date();
    setAll(upstreamReplies(plannedDependency(message.flip), "down", at));
    process.send?.({ at: at.getTime() });
  } else if (message === "report") {
    let checks = 0;
    let conditional = 0;
    for (const request of server.requests) {
      if (primaryPaths.has(request.path)) checks++;
      if (request.headers["if-none-match"] || request.headers["if-modified-since"]) conditional++;
    }
    process.send?.({ checks, requests: server.requests.length, conditional } satisfies FixturesReport);
  } else if (message === "close") {
    await server.close();
    process.disconnect?.();
  }
});
process.send?.({ url: server.url });
