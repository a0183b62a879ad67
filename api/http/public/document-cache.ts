import { createHash } from "node:crypto";

export interface CachedDocument {
  version: number;
  body: string;
  etag: string;
}

/**
 * Rendered public documents keyed by path (+ locale), valid while the data version is unchanged.
 * Concurrent misses for one key share a single build.
 */
export class DocumentCache {
  #entries = new Map<string, CachedDocument>();
  #building = new Map<string, Promise<CachedDocument>>();

  /** The cached document if it is current, without waiting: the hot path of every public read. */
  peek(key: string, version: number): CachedDocument | undefined {
    const hit = this.#entries.get(key);
    return hit && hit.version === version ? hit : undefined;
  }

  async get(key: string, version: number, build: () => Promise<unknown>): Promise<CachedDocument> {
    const hit = this.peek(key, version);
    if (hit) return hit;
    const pendingKey = `${key}@${version}`;
    let pending = this.#building.get(pendingKey);
    if (!pending) {
      pending = build()
        .then((doc) => {
          const body = JSON.stringify(doc);
          const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
          const entry = { version, body, etag };
          const current = this.#entries.get(key);
          if (!current || current.version <= version) this.#entries.set(key, entry);
          return entry;
        })
        .finally(() => this.#building.delete(pendingKey));
      this.#building.set(pendingKey, pending);
    }
    return pending;
  }
}
