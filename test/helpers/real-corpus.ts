import { readdirSync, readFileSync } from "node:fs";
import type { PollResult } from "../../api/domain/dependencies/poll-result.ts";
import type { UpstreamServer } from "./upstream-server.ts";

/**
 * The real-capture corpus in test/fixtures/real: provider documents found in other projects'
 * fixtures and recordings (see the README there for each file's origin and capture date).
 */
const folder = new URL("../fixtures/real/", import.meta.url);

export function realBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, folder)));
}

export function realText(name: string): string {
  return readFileSync(new URL(name, folder), "utf8");
}

export function realFiles(): string[] {
  return readdirSync(folder).filter((name) => name !== "README.md");
}

/** Serves a corpus document at `path` as its provider serves it. */
export function serveReal(upstream: UpstreamServer, path: string, name: string): void {
  const contentType = name.endsWith(".json")
    ? "application/json"
    : name.endsWith(".atom")
      ? "application/atom+xml"
      : "application/rss+xml";
  upstream.set(path, { body: realBytes(name), contentType });
}

export function observation(result: PollResult) {
  if (result.kind !== "observed") throw new Error(`expected an observation, got ${JSON.stringify(result)}`);
  return result.observation;
}
