/**
 * What a committed change tells the workers of this process: the notifier and the publisher that
 * something was queued, the monitor that a dependency became due, the scheduler that a maintenance
 * moved. Verbs fire them after commit (`fireAfterCommit` inside a write); the composition root
 * (api/compose.ts) listens. Other processes learn the same from the database on their next poll.
 */
export const signalNames = ["queued", "dependencies-due", "schedule-changed"] as const;
export type Signal = (typeof signalNames)[number];

export interface Signals {
  /** Tells every listener of `signal` now; a listener that throws is logged by the caller's logger, not rethrown. */
  fire(signal: Signal): void;
  /** Listens to `signal`; returns a function that stops listening. */
  on(signal: Signal, listener: () => void): () => void;
}

export function createSignals(onListenerError: (signal: Signal, error: unknown) => void = () => {}): Signals {
  const listeners = new Map<Signal, Set<() => void>>();
  return {
    fire(signal) {
      for (const listener of listeners.get(signal) ?? []) {
        try {
          listener();
        } catch (error) {
          onListenerError(signal, error);
        }
      }
    },
    on(signal, listener) {
      const set = listeners.get(signal) ?? new Set();
      listeners.set(signal, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

/** Signals a transaction asked for, fired by `Deps.write` once it has committed (never on rollback). */
const pending = new WeakMap<object, Set<Signal>>();

/** Fires `signal` once the transaction `tx` commits; nothing if it rolls back. */
export function fireAfterCommit(tx: object, signal: Signal) {
  const set = pending.get(tx) ?? new Set<Signal>();
  pending.set(tx, set);
  set.add(signal);
}

/** The signals `tx` asked for, forgotten as they are taken. */
export function takeAfterCommit(tx: object): Signal[] {
  const set = pending.get(tx);
  pending.delete(tx);
  return set ? [...set] : [];
}
