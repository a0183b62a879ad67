import { randomBytes } from "node:crypto";
import { mkdir, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { join, resolve } from "node:path";

/**
 * The local copy of the built page: builds go to `builds/<stamp>` and `current` is a symlink swapped
 * atomically (rename over it), so a reader sees the old site or the new one, never half of one.
 */
export class SiteFolder {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get current(): string {
    return join(this.root, "current");
  }

  /** A fresh, empty folder for the next build. */
  async newBuildDir(): Promise<string> {
    const dir = join(this.root, "builds", `${Date.now()}-${randomBytes(3).toString("hex")}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** The folder `current` points at, or null before the first build. */
  async currentBuild(): Promise<string | null> {
    try {
      return resolve(this.root, await readlink(this.current));
    } catch {
      return null;
    }
  }

  /** Points `current` at `dir` in one rename, then removes all but the newest `keep` builds. */
  async swapTo(dir: string, keep = 3): Promise<void> {
    const link = join(this.root, `current.${randomBytes(4).toString("hex")}.tmp`);
    await symlink(dir, link, "dir");
    await rename(link, this.current);
    const builds = join(this.root, "builds");
    const names = (await readdir(builds)).sort();
    const live = resolve(dir);
    for (const name of names.slice(0, Math.max(0, names.length - keep))) {
      if (resolve(builds, name) !== live) await rm(join(builds, name), { recursive: true, force: true });
    }
  }

  async discard(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }
}
