import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/**
 * Where the page may be published as a directory. Publishing replaces the directory's content, so
 * an owner (through the settings) may only name a folder under `root`, which the operator sets in
 * the environment (PUBLISH_ROOT); without it, only rclone targets can be set there. Whoever sets a
 * target, it may never be, hold or sit inside Vigie's own folders (`protectedDirs`: DATA_DIR, the code).
 */
export interface PublishTargetPolicy {
  root: string | null;
  protectedDirs: string[];
}

/** Directory targets set in the page settings are refused until the operator sets PUBLISH_ROOT. */
export const closedPublishPolicy: PublishTargetPolicy = { root: null, protectedDirs: [] };

/** The file Vigie writes in every directory it publishes to: it replaces no folder without it. */
export const publishMarker = ".vigie-publish";

/** Who named the target: the operator (PUBLISH_TARGETS) or an owner (the `publish_targets` setting). */
export type TargetOrigin = "environment" | "settings";

/** Why `spec` may not be a publish target, in words that say what to do; null when it may. */
export function refusePublishTarget(
  spec: string,
  policy: PublishTargetPolicy,
  origin: TargetOrigin,
): string | null {
  if (spec.startsWith("rclone:")) return null;
  if (!isAbsolute(spec)) return `${spec} is not an absolute directory path`;
  const target = realLocation(spec);
  if (dirname(target) === target) return "the root of the file system cannot be a publish target";
  for (const dir of policy.protectedDirs.map(realLocation)) {
    if (within(target, dir) || within(dir, target))
      return `${spec} is or holds Vigie's own files (${dir}); choose a folder of its own`;
  }
  if (origin === "environment") return null;
  if (!policy.root)
    return "directory targets are off: the operator allows them by setting PUBLISH_ROOT on the server (then use a folder under it), or use rclone:<remote>:<path>";
  const root = realLocation(policy.root);
  if (target === root || !within(target, root))
    return `${spec} is not inside the publish root ${policy.root}; choose a folder under it`;
  return null;
}

/** `inner` is `outer` or inside it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The path with its symlinks resolved as far as it exists, so that a link cannot lead out of a root. */
function realLocation(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realLocation(parent), basename(absolute));
  }
}
