import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { fromProjectRoot } from "../project-root.ts";
import type { CircuitState } from "./channels/circuit-breaker.ts";
import type { BatchResult, EmailChannel, OutgoingEmail, SendOptions } from "./channels/email-channel.ts";
import { describeEmailTransport } from "./describe-email-transport.ts";
import type { EmailTransport, EmailTransportConfig } from "./email-transport.ts";

/** What the thread is started with (plain data, copied to it). */
export interface EmailThreadData {
  config: EmailTransportConfig;
  mailbox: string;
}

export interface EmailThreadOptions {
  /**
   * A thread with no batch for this long is let go (its heap and the provider SDK are about 40 MiB);
   * the next batch starts a new one.
   */
  idleMs?: number;
}

export type ToEmailThread =
  | { type: "send"; id: number; messages: OutgoingEmail[]; reportEach: boolean }
  /** The main thread recorded a handed-over message: that connection may send its next one. */
  | { type: "recorded"; ack: number }
  | { type: "close" };

type Sent = Extract<BatchResult[number], { outcome: "sent" }>;

export type FromEmailThread =
  | { type: "ready" }
  | { type: "sent"; id: number; results: BatchResult; circuit?: CircuitState | undefined }
  /** One message of batch `id` was handed over; answer `recorded` with `ack` once it is stored. */
  | { type: "handed"; id: number; ack: number; result: Sent }
  /** The channel threw (a programming error, such as one delivery twice in a batch). */
  | { type: "refused"; id: number; reason: string };

interface Pending {
  messages: OutgoingEmail[];
  onHandedOver: SendOptions["onHandedOver"];
  resolve(results: BatchResult): void;
  reject(error: Error): void;
}

interface Link {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Heap limits of the thread: it holds the batches in flight (about 500 KB of JSON each) and the
 * provider SDK, nothing that grows with the number of subscribers.
 */
const resourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
/**
 * The thread's code: beside this file when running from the sources (Node strips its types itself),
 * dist/email-thread-worker.js when running from the bundle of `npm run build`.
 */
const workerUrl = import.meta.url.endsWith(".ts")
  ? new URL("./email-thread-worker.ts", import.meta.url)
  : pathToFileURL(fromProjectRoot("dist", "email-thread-worker.js"));
/** How long a closing thread may take to finish its SMTP connections before it is stopped. */
const closeGraceMs = 5_000;

/**
 * The email transport (Resend, the SMTP failover, or the development mailbox) on its own thread.
 * Turning a batch into the provider's JSON, encoding and sending it is about half of what a fan-out
 * costs; on a thread of its own that half runs on another core, beside the claims and rendering.
 * Batches go over with their rendered emails and come back as results, one per email, as from any
 * channel. If the thread dies, the batches it held are answered `retry` (their idempotency keys make
 * a repeat safe) and the next batch starts a new thread. The thread starts when a batch is waiting
 * and is let go after `idleMs` without one, so an idle server does not hold it.
 */
export interface EmailThread extends EmailTransport {
  /** The thread answering now (none between a crash and the next batch); for tests and diagnostics. */
  worker(): Worker | null;
}

export async function startEmailThread(
  data: EmailThreadData,
  { idleMs = 60_000 }: EmailThreadOptions = {},
): Promise<EmailThread> {
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;
  /** The thread's Resend circuit as of its last answer; a new thread starts closed. */
  let circuit: CircuitState | undefined;
  let closing = false;
  let current: Promise<Link> | null = null;
  /** The thread answering now; a dead one is replaced on the next batch. */
  let live: Link | null = null;

  const spawn = () =>
    new Promise<Link>((resolve, reject) => {
      // No loader: Node strips the types of the worker's TypeScript itself.
      const worker = new Worker(workerUrl, {
        workerData: data,
        execArgv: [],
        resourceLimits,
      });
      const link: Link = { worker, pending: new Map() };
      let started = false;
      const stopped = (why: string) => {
        if (!started) return reject(new Error(`the email thread did not start: ${why}`));
        if (live === link) {
          live = null;
          current = null;
        }
        for (const [id, p] of link.pending) {
          link.pending.delete(id);
          p.resolve(
            p.messages.map((m) => ({
              deliveryId: m.deliveryId,
              outcome: "retry",
              reason: `the email thread stopped (${why}) before the provider answered`,
              retryAfterMs: null,
            })),
          );
        }
      };
      worker.on("message", (message: FromEmailThread) => {
        if (message.type === "ready") {
          started = true;
          live = link;
          return resolve(link);
        }
        const p = link.pending.get(message.id);
        if (!p) return;
        if (message.type === "handed") {
          const ack = () =>
            link.worker.postMessage({ type: "recorded", ack: message.ack } satisfies ToEmailThread);
          // The caller never lets a failed record through (it keeps the result for the batch's record).
          void Promise.resolve(p.onHandedOver?.(message.result))
            .catch(() => {})
            .finally(ack);
          return;
        }
        link.pending.delete(message.id);
        if (message.type === "sent") {
          circuit = message.circuit;
          p.resolve(message.results);
        } else p.reject(new Error(message.reason));
      });
      worker.on("error", (error) => stopped(error.message));
      worker.on("exit", (code) => stopped(`exit code ${code}`));
    });

  /** Lets an idle thread go: new batches no longer reach it, and it finishes what it holds. */
  const retire = (link: Link) => {
    if (link.pending.size > 0 || live !== link) return;
    live = null;
    current = null;
    circuit = hasCircuit ? "closed" : undefined;
    link.worker.postMessage({ type: "close" } satisfies ToEmailThread);
    setTimeout(() => void link.worker.terminate(), closeGraceMs).unref();
  };
  const idleAfter = (link: Link) => {
    clearTimeout(idleTimer);
    if (link.pending.size === 0 && !closing) {
      idleTimer = setTimeout(() => retire(link), idleMs);
      idleTimer.unref();
    }
  };

  // No thread until a batch is waiting: most of the time there is nothing to send. What the start
  // line says comes from the configuration, which was checked when it was read.
  const { provider, description, failover: hasCircuit } = describeEmailTransport(data.config, data.mailbox);
  circuit = hasCircuit ? "closed" : undefined;

  const channel: EmailChannel = {
    async sendBatch(messages, options) {
      if (closing) throw new Error("the email thread is closed");
      clearTimeout(idleTimer);
      const retryAll = (reason: string): BatchResult =>
        messages.map((m) => ({ deliveryId: m.deliveryId, outcome: "retry", reason, retryAfterMs: null }));
      let link: Link;
      try {
        current ??= spawn();
        link = await current;
      } catch (error) {
        current = null;
        return retryAll(error instanceof Error ? error.message : String(error));
      }
      // It may have died while this batch waited for it: a message posted to it would go unanswered.
      if (link !== live) return retryAll("the email thread stopped before the batch reached it");
      const answer = new Promise<BatchResult>((resolve, reject) => {
        const id = nextId++;
        const onHandedOver = options?.onHandedOver;
        link.pending.set(id, { messages, onHandedOver, resolve, reject });
        link.worker.postMessage({
          type: "send",
          id,
          messages,
          reportEach: !!onHandedOver,
        } satisfies ToEmailThread);
      });
      return answer.finally(() => idleAfter(link));
    },
  };

  return {
    channel,
    provider,
    description,
    worker: () => live?.worker ?? null,
    ...(hasCircuit ? { circuit: () => circuit ?? "closed" } : {}),
    async close() {
      closing = true;
      clearTimeout(idleTimer);
      const link = await current?.catch(() => null);
      current = null;
      if (!link) return;
      const exited = new Promise<void>((resolve) => link.worker.once("exit", () => resolve()));
      link.worker.postMessage({ type: "close" } satisfies ToEmailThread);
      const timer = setTimeout(() => void link.worker.terminate(), closeGraceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
