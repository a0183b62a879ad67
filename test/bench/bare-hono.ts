// A bare Hono server on the same Node, in a process of its own: the floor Vigie's footprint is
// compared with. Serves the given file's bytes at /api/v2/summary.json, nothing else.
// Usage: node bare-hono.ts <port> <body file> <content type>. Plain erasable TypeScript: Node runs
// it without a loader, like the built server.
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const [port, file, contentType] = process.argv.slice(2);
const body = readFileSync(file!);
const app = new Hono();
app.get("/api/v2/summary.json", (c) => c.body(body, 200, { "Content-Type": contentType! }));
serve({ fetch: app.fetch, port: Number(port), hostname: "127.0.0.1" });
