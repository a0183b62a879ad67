import { performance } from "node:perf_hooks";

export interface HashGateOptions {
  /** Password hashes computed at once. */
  concurrency: number;
  /** Sign-ins that may wait for a slot; beyond, they are turned away at once. */
  maxWaiting: number;
}

/**
 * Two hashes at a time leave the other threads of Node's pool (four by default) to everything else
 * that needs them, and bound memory: an OWASP scrypt hash takes 128 MiB.
 */
export const defaultHashGate: HashGateOptions = { concurrency: 2, maxWaiting: 8 };

export type Gated<T> = { ran: true; value: T } | { ran: false; retryAfter: number };

/**
 * Bounds how many password hashes run at once. Without it, a burst of sign-ins fills the thread pool
 * with scrypt and everything else that uses the pool waits behind it.
 */
export class HashGate {
  #running = 0;
  #waiting: (() => void)[] = [];
  /** Recent duration of one hash, to tell a turned-away client when to come back. */
  #averageMs = 250;

  constructor(private readonly options: HashGateOptions) {}

  async run<T>(fn: () => Promise<T>): Promise<Gated<T>> {
    const { concurrency, maxWaiting } = this.options;
    if (this.#running < concurrency) this.#running++;
    else if (this.#waiting.length >= maxWaiting) return { ran: false, retryAfter: this.#retryAfter() };
    // A finished hash hands its slot straight to the next waiter, so `#running` stays as it is.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    const started = performance.now();
    try {
      return { ran: true, value: await fn() };
    } finally {
      this.#averageMs = 0.8 * this.#averageMs + 0.2 * (performance.now() - started);
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  /** Seconds until the queue that is full now will have drained. */
  #retryAfter(): number {
    const queued = this.#waiting.length + this.#running;
    return Math.max(1, Math.ceil((this.#averageMs * queued) / this.options.concurrency / 1000));
  }
}
