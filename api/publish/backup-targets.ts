import { copyFile, mkdir, readdir, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { BackupTargetResult } from "../../db/schema/backups.ts";
import { parseTarget, runRclone } from "./publish-targets.ts";

/** Names of automatic backups: the UTC time sorts them, so pruning keeps the newest by name. */
export const backupFilePattern = /^vigie-backup-\d{8}T\d{6}Z\.json$/;

export function backupFileName(at: Date): string {
  return `vigie-backup-${at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z")}.json`;
}

export interface BackupTargetOptions {
  keep: number;
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/** Old backups past `keep`, oldest first; only files named like ours are ever touched. */
function surplus(names: string[], keep: number): string[] {
  const ours = names.filter((n) => backupFilePattern.test(n)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}

/** Copies beside the final name, then renames: a reader never sees half a backup. */
async function toDirectory(file: string, name: string, dir: string, keep: number): Promise<number> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const partial = join(folder, `.${name}.partial`);
  await copyFile(file, partial);
  await rename(partial, join(folder, name));
  const names = await readdir(folder);
  const old = surplus(names, keep);
  for (const n of old) await rm(join(folder, n), { force: true });
  return names.filter((n) => backupFilePattern.test(n)).length - old.length;
}

async function toRclone(file: string, name: string, remote: string, keep: number, timeoutMs: number) {
  const base = remote.endsWith(":") || remote.endsWith("/") ? remote : `${remote}/`;
  await runRclone(["copyto", file, `${base}${name}`], timeoutMs);
  const listing = await runRclone(["lsf", "--files-only", base], timeoutMs);
  const names = listing.split("\n").filter(Boolean);
  const old = surplus(names, keep);
  for (const n of old) await runRclone(["deletefile", `${base}${n}`], timeoutMs);
  return names.filter((n) => backupFilePattern.test(n)).length - old.length;
}

/** Writes one backup file to one target with retries, then prunes; never throws. */
export async function writeBackupTo(
  file: string,
  name: string,
  spec: string,
  { keep, attempts = 3, backoffMs = 1000, timeoutMs = 300_000 }: BackupTargetOptions,
): Promise<BackupTargetResult> {
  const target = parseTarget(spec);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let error: string | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const kept =
        target.kind === "directory"
          ? await toDirectory(file, name, target.path, keep)
          : await toRclone(file, name, target.remote, keep, timeoutMs);
      return { target: spec, ok: true, attempts: attempt, error: null, durationMs: elapsed(), kept };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
    }
  }
  return { target: spec, ok: false, attempts, error, durationMs: elapsed(), kept: null };
}
