/**
 * The baseline of summary-throughput, in a process of its own: a bare Hono app on @hono/node-server
 * whose one route answers the bytes in `bodyFile` with the given Content-Type and Content-Encoding,
 * and nothing else. Started by startBenchChild: its first message is the port; "close" ends it.
 * Usage: baseline-server-process.ts <path> <bodyFile> <contentType> <contentEncoding|->
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const [path, bodyFile, contentType, contentEncoding] = process.argv.slice(2);
if (!path || !bodyFile || !contentType || !contentEncoding)
  throw new Error("usage: <path> <bodyFile> <type> <encoding|->");
const body = new Uint8Array(readFileSync(bodyFile));
const headers: Record<string, string> = { "Content-Type": contentType };
if (contentEncoding !== "-") headers["Content-Encoding"] = contentEncoding;

const app = new Hono();
app.get(path, (c) => c.body(body, 200, headers));
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("message", (message) => {
  if (message !== "close") return;
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
