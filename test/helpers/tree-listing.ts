import { lstatSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Every file, folder and link under `root` with its modification time and size, skipping the
 * relative paths in `skip`. Two listings that differ show what was written in between: a new or
 * removed entry changes its folder's time too, so this catches writes even where file modes are not
 * enforced (root ignores them).
 */
export function treeListing(root: string, skip: string[] = []): Map<string, string> {
  const listing = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full);
      if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) continue;
      const info = lstatSync(full);
      listing.set(rel, `${info.mtimeMs}:${entry.isDirectory() ? "dir" : info.size}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  listing.set(".", String(lstatSync(root).mtimeMs));
  walk(root);
  return listing;
}

/** What changed between two listings: added, removed or modified paths, sorted. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [path, stamp] of after) if (before.get(path) !== stamp) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}
