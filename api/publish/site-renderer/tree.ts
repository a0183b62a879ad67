import { linkSync, mkdirSync, readdirSync } from "node:fs";
import { mkdir, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Fills `to` with hard links to every file of `from`: a copy of a whole build in a few hundred
 * milliseconds that takes no space. Files are never written in place afterwards (see
 * `writeFileFresh`), so the builds sharing a file never see each other's changes. Synchronous: the
 * renderer process does nothing else meanwhile, and thousands of small calls queued on the thread
 * pool cost more than they save.
 */
export function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isFile()) linkSync(source, target);
  }
}

/** Writes a file as a new one (never through a link another build shares). */
export async function writeFileFresh(root: string, file: string, body: Uint8Array): Promise<void> {
  const path = join(root, file);
  await rm(path, { force: true });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}

/** Removes a page's file, and its folder when that leaves it empty (`incidents/<id>/`). */
export async function removeFile(root: string, file: string): Promise<void> {
  const path = join(root, file);
  await rm(path, { force: true });
  let dir = dirname(path);
  while (dir.startsWith(`${root}/`)) {
    const left = await readdir(dir).catch(() => null);
    if (!left || left.length) return;
    await rmdir(dir).catch(() => undefined);
    dir = dirname(dir);
  }
}
