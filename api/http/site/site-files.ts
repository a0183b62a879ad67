import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, posix } from "node:path";
import { gzipSync } from "node:zlib";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".rss": "application/rss+xml; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
};

/** Smaller bodies gain nothing from gzip. */
const compressAbove = 1024;

export interface SiteFile {
  body: Buffer;
  type: string;
  etag: string;
  /** Text bodies worth compressing, gzipped once, on first demand. */
  gzip(): Buffer | null;
}

function siteFile(path: string): SiteFile {
  const body = readFileSync(path);
  const type = contentTypes[extname(path)] ?? "application/octet-stream";
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  const compressible = body.length > compressAbove && /^(text\/|application\/|image\/svg)/.test(type);
  let gzipped: Buffer | null | undefined;
  return {
    body,
    type,
    etag,
    gzip: () => {
      if (gzipped === undefined) gzipped = compressible ? gzipSync(body) : null;
      return gzipped;
    },
  };
}

/** A file's identity on disk: the same for the hard links a build shares with the one before it. */
type Inodes = Map<string, SiteFile>;

/**
 * Every regular file under `dir`, by URL path (`/incidents/inc_1/index.html`); links are not
 * followed. A file that is a hard link to one of the previous build (the publisher writes changed
 * pages as new files and links the others) is taken as it was read then, not read again.
 */
function readTree(
  dir: string,
  previous: Inodes,
  inodes: Inodes,
  prefix = "",
  into = new Map<string, SiteFile>(),
) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) readTree(path, previous, inodes, `${prefix}/${entry.name}`, into);
    else if (entry.isFile()) {
      const stat = statSync(path);
      const id = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      const file = previous.get(id) ?? siteFile(path);
      inodes.set(id, file);
      into.set(`${prefix}/${entry.name}`, file);
    }
  }
  return into;
}

/**
 * The current build of the page, held in memory. Serving it uses no file system call that goes
 * through Node's thread pool (the async `fs` functions and streams do, like scrypt and zlib streams):
 * a burst of password hashes on that pool can then never hold up the page. The build is read once,
 * with synchronous calls, the first time it is asked for after `current` moved to a new one.
 */
export class SiteFiles {
  #build: { key: string; files: Map<string, SiteFile>; inodes: Inodes } | null = null;

  /** `root` names the build folder (or a link to it), or null while there is none. */
  constructor(private readonly root: () => string | null) {}

  /** The file for a decoded URL path, trying `/x`, `/x/index.html` and `/x.html`, or null. */
  find(urlPath: string): { file: SiteFile; urlPath: string } | null {
    const files = this.#files();
    if (!files) return null;
    // Only files of the build are in the map, so `..` can reach nothing else; it still resolves as a browser would.
    const clean = posix.normalize(`/${urlPath}`);
    const base = clean.replace(/\/+$/, "");
    const candidates = clean.endsWith("/")
      ? [`${base}/index.html`]
      : [clean, `${base}/index.html`, `${base}.html`];
    for (const candidate of candidates) {
      const file = files.get(candidate);
      if (file) return { file, urlPath: candidate };
    }
    return null;
  }

  #files(): Map<string, SiteFile> | null {
    let key: string;
    try {
      // One syscall each: where `current` points, and whether that folder changed in place.
      const root = this.root();
      if (!root) throw new Error("no build yet");
      const real = realpathSync.native(root);
      key = `${real}@${statSync(real).mtimeMs}`;
      if (this.#build?.key !== key) {
        const inodes: Inodes = new Map();
        this.#build = { key, files: readTree(real, this.#build?.inodes ?? new Map(), inodes), inodes };
      }
    } catch {
      this.#build = null;
    }
    return this.#build?.files ?? null;
  }
}
