import { createHash } from "node:crypto";

/**
 * Where a value sits in the site: from the root, or from the object with that `id` (an incident, a
 * component, an update), then property names and Map lookups. Ids make an address stable when an
 * item moves in a list.
 */
interface Address {
  id: string | null;
  path: (string | { get: unknown })[];
}

/** What one page read: each unit (an address and how it was read) with what it held then. */
export type PageReads = Map<string, string>;

const hash = (text: string) => createHash("sha256").update(text).digest("base64url");

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Objects with an id that occurs once, so that the id names them. */
function indexIds(root: unknown): Map<string, object> {
  const index = new Map<string, object>();
  const twice = new Set<string>();
  const seen = new Set<object>();
  const visit = (value: unknown) => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) {
      for (const v of value.values()) visit(v);
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!isPlain(value)) return;
    const id = (value as { id?: unknown }).id;
    if (typeof id === "string") {
      if (index.has(id) && index.get(id) !== value) twice.add(id);
      else index.set(id, value);
    }
    for (const v of Object.values(value)) visit(v);
  };
  visit(root);
  for (const id of twice) index.delete(id);
  return index;
}

const keyOf = (address: Address, how: "value" | "whole") => JSON.stringify([address.id, address.path, how]);

/**
 * Watches what pages read from one generation of the site, so that the next generation renders only
 * the pages whose reads changed. Every object, array and Map under the site is seen through a
 * proxy: a scalar read is recorded with its value; a list walked, a Map counted or an object's keys
 * listed is recorded as a whole. Nothing here knows what a page is about, so a new page or field is
 * tracked like the others.
 */
export class ReadTracker {
  readonly #root: object;
  readonly #ids: Map<string, object>;
  readonly #proxies = new WeakMap<object, object>();
  readonly #targets = new WeakMap<object, object>();
  readonly #wholes = new WeakMap<object, string>();
  readonly #current = new Map<string, string>();
  #reads: PageReads | null = null;
  /** Whether a page changed the data it was given (see the proxies' `set`). */
  mutated = false;

  constructor(root: object) {
    this.#root = root;
    this.#ids = indexIds(root);
  }

  /** The site as pages should see it. */
  get site(): object {
    return this.#wrap(this.#root, { id: null, path: [] }) as object;
  }

  /** The object behind a proxy handed out by this tracker (the value itself otherwise). */
  raw<T>(value: T): T {
    return (
      (value !== null && typeof value === "object" ? (this.#targets.get(value) as T) : undefined) ?? value
    );
  }

  /** Records what is read until `stop()`, which returns it. */
  start(): void {
    this.#reads = new Map();
  }

  stop(): PageReads {
    const reads = this.#reads ?? new Map();
    this.#reads = null;
    return reads;
  }

  /** Whether any unit a page read holds something else in this generation. */
  differs(reads: PageReads): boolean {
    for (const [key, before] of reads) if (this.#now(key) !== before) return true;
    return false;
  }

  /** What a unit holds in this generation; most units (the page's name...) are read by every page. */
  #now(key: string): string {
    const known = this.#current.get(key);
    if (known !== undefined) return known;
    const [id, path, how] = JSON.parse(key) as [string | null, Address["path"], "value" | "whole"];
    const found = this.#resolve({ id, path });
    let now = "missing";
    if (found.ok) now = how === "whole" ? this.#wholeOf(found.value) : this.#fingerprint(found.value);
    this.#current.set(key, now);
    return now;
  }

  #resolve(address: Address): { ok: true; value: unknown } | { ok: false } {
    let value: unknown = address.id === null ? this.#root : this.#ids.get(address.id);
    if (value === undefined) return { ok: false };
    for (const step of address.path) {
      if (value === null || typeof value !== "object") return { ok: false };
      if (typeof step === "string") value = (value as Record<string, unknown>)[step];
      else if (value instanceof Map) value = value.get(step.get);
      else return { ok: false };
    }
    return { ok: true, value };
  }

  #record(address: Address, how: "value" | "whole", value: unknown): void {
    if (!this.#reads) return;
    this.#reads.set(keyOf(address, how), how === "whole" ? this.#wholeOf(value) : this.#fingerprint(value));
  }

  /** What one value read holds: its content for a scalar, its kind (and id) for a container. */
  #fingerprint(value: unknown): string {
    if (typeof value === "string") return value.length > 64 ? `string#${hash(value)}` : `string:${value}`;
    if (value === null || typeof value !== "object") return `${typeof value}:${String(value)}`;
    if (Array.isArray(value)) return "array";
    if (value instanceof Map) return "map";
    if (isPlain(value)) {
      const id = (value as { id?: unknown }).id;
      return typeof id === "string" ? `object#${id}` : "object";
    }
    return `leaf:${this.#wholeOf(value)}`;
  }

  /** What a container read as a whole (walked, counted, serialised) holds, hashed once per generation. */
  #wholeOf(value: unknown): string {
    if (value === null || typeof value !== "object") return this.#fingerprint(value);
    const known = this.#wholes.get(value);
    if (known) return known;
    let text: string;
    if (value instanceof Map) text = JSON.stringify([...value]);
    else if (ArrayBuffer.isView(value))
      text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
    else text = JSON.stringify(value) ?? String(value);
    const result = hash(text);
    this.#wholes.set(value, result);
    return result;
  }

  #child(parent: Address, step: Address["path"][number], value: unknown): Address {
    const id = value !== null && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
    if (typeof id === "string" && this.#ids.get(id) === value) return { id, path: [] };
    return { id: parent.id, path: [...parent.path, step] };
  }

  #wrap(value: unknown, address: Address): unknown {
    if (value === null || typeof value !== "object") return value;
    if (!(Array.isArray(value) || value instanceof Map || isPlain(value))) return value;
    const known = this.#proxies.get(value);
    if (known) return known;
    const proxy = value instanceof Map ? this.#mapProxy(value, address) : this.#objectProxy(value, address);
    this.#proxies.set(value, proxy);
    this.#targets.set(proxy, value);
    return proxy;
  }

  #objectProxy(target: object, address: Address): object {
    const array = Array.isArray(target);
    const whole = () => this.#record(address, "whole", target);
    return new Proxy(target, {
      get: (obj, key, receiver) => {
        const value = Reflect.get(obj, key, receiver);
        // A list is read as a whole: which items, in which order, is what a page shows.
        if (array) {
          whole();
          return value;
        }
        // Inherited members are code, not data; a missing field is recorded, as it may appear later.
        if (typeof key === "symbol" || (!Object.hasOwn(obj, key) && key in obj)) return value;
        this.#record({ id: address.id, path: [...address.path, key] }, "value", value);
        return this.#wrap(value, this.#child(address, key, value));
      },
      has: (obj, key) => {
        whole();
        return Reflect.has(obj, key);
      },
      ownKeys: (obj) => {
        whole();
        return Reflect.ownKeys(obj);
      },
      getOwnPropertyDescriptor: (obj, key) => {
        whole();
        return Reflect.getOwnPropertyDescriptor(obj, key);
      },
      // A page that changes the shared data makes what other pages read depend on the order they
      // render in: allowed (a full build allows it), but then no page can be skipped.
      set: (obj, key, value) => {
        this.mutated = true;
        return Reflect.set(obj, key, value);
      },
      deleteProperty: (obj, key) => {
        this.mutated = true;
        return Reflect.deleteProperty(obj, key);
      },
    });
  }

  #mapProxy(target: Map<unknown, unknown>, address: Address): object {
    const lookup = (key: unknown) => {
      const value = target.get(key);
      this.#record({ id: address.id, path: [...address.path, { get: key }] }, "value", value);
      return this.#wrap(value, this.#child(address, { get: key }, value));
    };
    return new Proxy(target, {
      get: (map, key) => {
        if (key === "get") return lookup;
        if (key === "has") return (k: unknown) => lookup(k) !== undefined;
        // Anything else (size, iteration, forEach...) reads the whole Map.
        this.#record(address, "whole", map);
        const value = Reflect.get(map, key, map);
        return typeof value === "function" ? value.bind(map) : value;
      },
    });
  }
}
