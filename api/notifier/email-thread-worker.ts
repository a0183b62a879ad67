// The email transport's own thread (see email-thread.ts): builds the transport from plain
// configuration, then sends each batch it is handed and posts the results back.
// Loaded by Node's own type stripping, without a loader: keep this file's imports to erasable syntax.

import { parentPort, workerData } from "node:worker_threads";
import { systemClock } from "../domain/clock.ts";
import type { EmailThreadData, FromEmailThread, ToEmailThread } from "./email-thread.ts";
import { createEmailTransport } from "./email-transport.ts";

const port = parentPort;
if (!port) throw new Error("email-thread-worker.ts runs as a worker thread, started by email-thread.ts");
const { config, mailbox } = workerData as EmailThreadData;
const transport = createEmailTransport({ config, clock: systemClock, mailbox });
const post = (message: FromEmailThread) => port.postMessage(message);

/** Handed-over messages waiting for the main thread to record them, by ack number. */
const waiting = new Map<number, () => void>();
let nextAck = 1;

port.on("message", (message: ToEmailThread) => {
  if (message.type === "close") {
    transport.close();
    port.close();
    return;
  }
  if (message.type === "recorded") {
    waiting.get(message.ack)?.();
    waiting.delete(message.ack);
    return;
  }
  const { id } = message;
  const onHandedOver = (result: Extract<FromEmailThread, { type: "handed" }>["result"]) =>
    new Promise<void>((resolve) => {
      const ack = nextAck++;
      waiting.set(ack, resolve);
      post({ type: "handed", id, ack, result });
    });
  const options = message.reportEach ? { onHandedOver } : undefined;
  transport.channel.sendBatch(message.messages, options).then(
    (results) => post({ type: "sent", id: message.id, results, circuit: transport.circuit?.() }),
    (error: unknown) =>
      post({
        type: "refused",
        id: message.id,
        reason: error instanceof Error ? error.message : String(error),
      }),
  );
});
post({ type: "ready" });
