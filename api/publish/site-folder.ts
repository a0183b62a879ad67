import { randomBytes } from "node:crypto";
import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { basename, join, resolve } from "node:path";

/** One build in progress: Astro writes the page into `outDir` and its own files into `workDir`. */
export interface BuildWork {
  /** `<stamp>`: the name the build keeps under `builds/` once it succeeded. */
  name: string;
  outDir: string;
  workDir: string;
}

/** What a swap did besides pointing `current` at the new build. */
export interface SwapResult {
  /** Where a `current` that Vigie did not make was moved, when there was one. */
  movedAside: string | null;
}

/**
 * The local copy of the built page. A build runs in `work/<stamp>/`; once it succeeded its page
 * moves to `builds/<stamp>` (so every folder there is a complete build) and `current`, a symlink,
 * is swapped to it atomically (rename over it): a reader sees the old site or the new one, never
 * half of one.
 */
export class SiteFolder {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get current(): string {
    return join(this.root, "current");
  }

  get builds(): string {
    return join(this.root, "builds");
  }

  get work(): string {
    return join(this.root, "work");
  }

  /** Fresh folders for the next build. Throws when DATA_DIR cannot be written. */
  async newBuild(): Promise<BuildWork> {
    const name = `${Date.now()}-${randomBytes(3).toString("hex")}`;
    const dir = join(this.work, name);
    await mkdir(join(dir, "out"), { recursive: true });
    return { name, outDir: join(dir, "out"), workDir: join(dir, "build") };
  }

  /**
   * Removes what a build killed with its process left behind: its work folder, and the temporary
   * link of a swap cut short.
   */
  async cleanWork(): Promise<void> {
    await rm(this.work, { recursive: true, force: true });
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^current\.[0-9a-f]{8}\.tmp$/.test(n)))
      await rm(join(this.root, name), { force: true });
  }

  async discard(work: BuildWork): Promise<void> {
    await rm(join(this.work, work.name), { recursive: true, force: true });
  }

  /** Moves a finished build into `builds/`; returns its folder there. */
  async promote(work: BuildWork): Promise<string> {
    await mkdir(this.builds, { recursive: true });
    const dir = join(this.builds, work.name);
    await rename(work.outDir, dir);
    await this.discard(work);
    return dir;
  }

  /** The build `current` points at, or null when it is missing or is not Vigie's link. */
  async currentBuild(): Promise<string | null> {
    try {
      const target = resolve(this.root, await readlink(this.current));
      return (await lstat(target)).isDirectory() ? target : null;
    } catch {
      return null;
    }
  }

  /**
   * What to serve: the build `current` points at; when `current` is missing or is something Vigie
   * did not put there (a folder copied by hand, a defacement), the newest complete build instead.
   * Synchronous on purpose: it is asked on every page request, and the async file functions queue
   * on Node's thread pool behind password hashes.
   */
  servedRoot(): string | null {
    try {
      const target = resolve(this.root, readlinkSync(this.current));
      if (lstatSync(target).isDirectory()) return target;
    } catch {
      // No link of ours: fall back to the newest build.
    }
    let names: string[];
    try {
      names = readdirSync(this.builds);
    } catch {
      return null;
    }
    const newest = names.filter((n) => /^\d+-[0-9a-f]+$/.test(n)).sort();
    return newest.length ? join(this.builds, newest.at(-1)!) : null;
  }

  /**
   * Points `current` at `dir` in one rename, then removes all but the newest `keep` builds. A
   * `current` that is not a symlink (rename cannot replace a folder with a link) is moved aside
   * first, so the swap cannot fail for good. On failure the temporary link is removed.
   */
  async swapTo(dir: string, keep = 3): Promise<SwapResult> {
    let movedAside: string | null = null;
    const existing = await lstat(this.current).catch(() => null);
    if (existing && !existing.isSymbolicLink()) {
      movedAside = join(this.root, `foreign-current-${Date.now()}`);
      await rename(this.current, movedAside);
    }
    const link = join(this.root, `current.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await symlink(dir, link, "dir");
      await rename(link, this.current);
    } catch (error) {
      await rm(link, { force: true });
      throw error;
    }
    const names = (await readdir(this.builds)).sort();
    const live = basename(resolve(dir));
    for (const name of names.slice(0, Math.max(0, names.length - keep))) {
      if (name !== live) await rm(join(this.builds, name), { recursive: true, force: true });
    }
    return { movedAside };
  }
}
