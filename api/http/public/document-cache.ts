import { encodeDocument, type Representations } from "./document-encodings.ts";

export interface CachedDocument {
  version: number;
  /** The document as sent: plain, gzip and brotli, each with its ETag and headers. */
  reps: Representations;
}

/**
 * Rendered public documents keyed by path (+ locale), valid while the data version is unchanged.
 * Concurrent misses for one key share a single build, which also compresses the document once.
 */
export class DocumentCache {
  readonly #compress: boolean;

  /** `compress: false` for documents only Vigie's own site build reads, over loopback. */
  constructor({ compress }: { compress: boolean } = { compress: true }) {
    this.#compress = compress;
  }

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
        .then((doc) => encodeDocument(JSON.stringify(doc), this.#compress))
        .then((reps) => {
          const entry = { version, reps };
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
