// The upstream status hosts of the monitor benchmark in their own process, so that serving them is
// not counted as the monitor's CPU: one loopback server per host (see `hostKey`). Over the IPC
// channel: sends `{ urls }` (each dependency's host, by index) once listening, then answers
// each message in order: `{ flip: i }` turns dependency i's upstream to an outage (answers
// `{ at }`, the epoch ms of the switch), "report" answers a FixturesReport, "close" stops.

import { startUpstreamServer, type UpstreamServer } from "../helpers/upstream-server.ts";
import { upstreamReplies } from "./monitor-documents.ts";
import { hostKey, type PlannedDependency, plannedDependencies } from "./monitor-plan.ts";

export interface FixturesReport {
  /** Requests for each dependency's primary document: one per check. */
  checks: number;
  requests: number;
  /** Requests that carried `If-None-Match` or `If-Modified-Since`. */
  conditional: number;
  /** TCP connections the monitor opened (each host closes one idle for 5 s, as Node's server does). */
  connections: number;
}

export type FixturesMessage = { flip: number } | "report" | "close";

const planned = plannedDependencies();
const servers = new Map<string, UpstreamServer>();
for (const p of planned) {
  const key = hostKey(p);
  if (!servers.has(key)) servers.set(key, await startUpstreamServer());
}
const serverOf = (p: PlannedDependency) => servers.get(hostKey(p))!;
const setAll = (p: PlannedDependency, state: "ok" | "down", at: Date) => {
  for (const [path, reply] of Object.entries(upstreamReplies(p, state, at))) serverOf(p).set(path, reply);
};
for (const p of planned) setAll(p, "ok", new Date());
const primaryPaths = new Set(planned.map((p) => p.primaryPath));

process.on("message", async (message: FixturesMessage) => {
  if (typeof message === "object" && "flip" in message) {
    const at = new Date();
    setAll(planned[message.flip]!, "down", at);
    process.send?.({ at: at.getTime() });
  } else if (message === "report") {
    let checks = 0;
    let conditional = 0;
    let requests = 0;
    let connections = 0;
    for (const server of servers.values()) {
      requests += server.requests.length;
      connections += server.connections();
      for (const request of server.requests) {
        if (primaryPaths.has(request.path)) checks++;
        if (request.headers["if-none-match"] || request.headers["if-modified-since"]) conditional++;
      }
    }
    process.send?.({ checks, requests, conditional, connections } satisfies FixturesReport);
  } else if (message === "close") {
    await Promise.all([...servers.values()].map((server) => server.close()));
    process.disconnect?.();
  }
});
process.send?.({ urls: planned.map((p) => serverOf(p).url) });
