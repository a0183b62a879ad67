import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { PublishResult } from "../../db/schema/site.ts";
import {
  closedPublishPolicy,
  type PublishTargetPolicy,
  publishMarker,
  refusePublishTarget,
} from "../domain/settings/publish-target-policy.ts";

export type PublishTarget = { kind: "directory"; path: string } | { kind: "rclone"; remote: string };

/** `rclone:<remote>:<path>` or a directory path. */
export function parseTarget(spec: string): PublishTarget {
  return spec.startsWith("rclone:")
    ? { kind: "rclone", remote: spec.slice("rclone:".length) }
    : { kind: "directory", path: spec };
}

/** A target that must not be written: no retry can help, the result says why. */
class RefusedTarget extends Error {}

/**
 * Replaces a directory's content with the build: copy beside it, then two renames, so a web server
 * serving it sees the old or the new page. Only a folder Vigie made (it holds the marker file) or an
 * empty one is replaced: what Vigie did not create is never deleted.
 */
async function publishToDirectory(build: string, target: string): Promise<void> {
  const dir = resolve(target);
  const existing = await stat(dir).catch(() => null);
  if (existing) {
    if (!existing.isDirectory()) throw new RefusedTarget(`${dir} exists and is not a folder`);
    const names = await readdir(dir);
    if (names.length && !names.includes(publishMarker))
      throw new RefusedTarget(
        `${dir} holds files Vigie did not put there (no ${publishMarker} file), so it is left alone: empty it or choose a new folder`,
      );
  }
  const tag = randomBytes(4).toString("hex");
  const incoming = join(dirname(dir), `.${basename(dir)}.vigie-new-${tag}`);
  const outgoing = join(dirname(dir), `.${basename(dir)}.vigie-old-${tag}`);
  try {
    await cp(build, incoming, { recursive: true });
    await writeFile(
      join(incoming, publishMarker),
      "This folder is the status page published by Vigie; each build replaces its whole content.\n",
    );
    if (existing) await rename(dir, outgoing);
    await rename(incoming, dir);
  } finally {
    await rm(incoming, { recursive: true, force: true });
  }
  if (existing) await rm(outgoing, { recursive: true, force: true });
}

/** Runs rclone with these arguments; resolves with its stdout, rejects with the end of its stderr. */
export function runRclone(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn("rclone", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(new Error(`cannot run rclone (${e.message}); install it (Debian package rclone)`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) done(stdout);
      else fail(new Error(`rclone ${args[0]} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

const rcloneSync = (build: string, remote: string, timeoutMs: number) =>
  runRclone(["sync", build, remote], timeoutMs).then(() => undefined);

export interface PublishOptions {
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Where directory targets may go (checked again at each publish: a link may have moved). */
  policy?: PublishTargetPolicy;
  /** Targets the operator set (PUBLISH_TARGETS): PUBLISH_ROOT does not bind them. */
  envTargets?: string[];
}

/** Publishes to one target with retries; never throws: the result says what happened. */
export async function publishTo(
  build: string,
  spec: string,
  {
    attempts = 3,
    backoffMs = 1000,
    timeoutMs = 120_000,
    policy = closedPublishPolicy,
    envTargets = [],
  }: PublishOptions = {},
): Promise<PublishResult> {
  const target = parseTarget(spec);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const refused = refusePublishTarget(spec, policy, envTargets.includes(spec) ? "environment" : "settings");
  if (refused) return { target: spec, ok: false, attempts: 0, error: `refused: ${refused}`, durationMs: 0 };
  let error: string | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      if (target.kind === "directory") await publishToDirectory(build, target.path);
      else await rcloneSync(build, target.remote, timeoutMs);
      return {
        target: spec,
        ok: true,
        attempts: attempt,
        error: null,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      if (e instanceof RefusedTarget)
        return {
          target: spec,
          ok: false,
          attempts: attempt,
          error: `refused: ${error}`,
          durationMs: elapsed(),
        };
      if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
    }
  }
  return { target: spec, ok: false, attempts, error, durationMs: Math.round(performance.now() - started) };
}

/** All targets at once: one failing target never blocks the others. */
export function publishToAll(
  build: string,
  specs: string[],
  options?: PublishOptions,
): Promise<PublishResult[]> {
  return Promise.all(specs.map((spec) => publishTo(build, spec, options)));
}
