import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { createSmtpChannel, type SmtpChannel } from "../../../api/notifier/channels/smtp-channel.ts";
import { type Notifier, startNotifier } from "../../../api/notifier/notifier.ts";
import { loadTemplates } from "../../../api/templates/load-templates.ts";
import { deliveries } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../helpers/harness.ts";
import { seedEmailSubscribers } from "../../helpers/seed-subscribers.ts";
import { type SmtpSink, startSmtpSink } from "../../helpers/smtp-sink.ts";

/**
 * An SMTP relay has no idempotency key: a message it accepted but Vigie did not record is sent again
 * after a crash. Each message is therefore recorded as handed over before its connection sends the
 * next, so a crash can repeat only the few messages in flight, not a whole batch.
 */

let db: TestDb;
let sink: SmtpSink;
let smtp: SmtpChannel;
let notifier: Notifier;
afterEach(async () => {
  await notifier?.stop();
  smtp?.close();
  await sink?.close();
  db?.close();
});

const connections = 3;
const root = fileURLToPath(new URL("../../..", import.meta.url));

const addSubscribers = (count: number) => seedEmailSubscribers(db.deps, count, { at: db.clock.now() });

/** The email notifier in a process of its own, sending through the relay from its email thread. */
function startWorker(file: string, relay: string, flags: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", "test/fixtures/notifier-worker.ts", file, "-", "-", `--smtp=${relay}`, ...flags],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

describe("SMTP fan-out", () => {
  it("has every accepted message recorded as sent before more than one per connection follows it", async () => {
    db = await createTestDb({ storage: "file" });
    const count = 40;
    await addSubscribers(count);
    // What a crash at the moment the relay accepts message k would leave unrecorded.
    const unrecordedAtAccept: number[] = [];
    sink = await startSmtpSink({
      beforeAccept: async (index) => {
        const sent = await db.deps.read((d) =>
          d.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.state, "sent")),
        );
        unrecordedAtAccept.push(index - 1 - sent.length);
      },
    });
    smtp = createSmtpChannel({
      url: sink.url,
      from: "Status <status@acme.test>",
      maxConnections: connections,
    });
    notifier = startNotifier({
      deps: db.deps,
      channel: smtp,
      provider: "smtp",
      renderer: await loadTemplates(db.deps),
      publicUrl: testPublicUrl,
      pollMs: 60_000,
      batchSize: 100,
      concurrency: 1,
    });
    await createIncident({
      ctx: { deps: db.deps, actor: systemActor("test") },
      input: { name: "API down", body: "Looking." },
    });
    await notifier.drain();

    expect(sink.messages).toHaveLength(count);
    const rows = await db.deps.read((d) => d.select().from(deliveries));
    expect(rows.every((r) => r.state === "sent" && r.attempts === 1 && r.provider === "smtp")).toBe(true);
    expect(unrecordedAtAccept).toHaveLength(count);
    // Before each acceptance, the earlier messages are recorded but for those on the other connections.
    expect(Math.max(...unrecordedAtAccept)).toBeLessThanOrEqual(connections - 1);
  });
});

describe("SMTP fan-out killed with SIGKILL", () => {
  it("repeats at most the messages in flight, one per connection, when another worker takes over", {
    timeout: 90_000,
  }, async () => {
    db = await createTestDb({ storage: "file" });
    const count = 120;
    await addSubscribers(count);
    let first: ChildProcess | undefined;
    // A slow relay, so the fan-out is surely in the middle of its first batch when the kill lands.
    sink = await startSmtpSink({
      acceptDelayMs: 15,
      beforeAccept: (index) => {
        if (index === 30) first?.kill("SIGKILL");
      },
    });
    await createIncident({
      ctx: { deps: db.deps, actor: systemActor("test") },
      input: { name: "API down", body: "Looking." },
    });
    first = startWorker(db.file!, sink.url);
    const firstExit = await exitOf(first);
    expect(firstExit.signal).toBe("SIGKILL");
    const beforeTakeover = sink.messages.length;
    expect(beforeTakeover).toBeGreaterThanOrEqual(29);
    expect(beforeTakeover).toBeLessThan(count);

    const second = startWorker(db.file!, sink.url, ["--exit-when-idle"]);
    expect((await exitOf(second)).code).toBe(0);

    const perMessageId = new Map<string, number>();
    for (const m of sink.messages) {
      const id = m.parsed.messageId ?? "";
      perMessageId.set(id, (perMessageId.get(id) ?? 0) + 1);
    }
    expect(perMessageId.size).toBe(count);
    const repeated = [...perMessageId.values()].filter((n) => n > 1).length;
    // Only what the relay accepted while the worker had not yet recorded it: at most one per connection.
    expect(repeated).toBeLessThanOrEqual(connections);
    const rows = await db.deps.read((d) => d.select({ state: deliveries.state }).from(deliveries));
    expect(rows.filter((r) => r.state === "sent")).toHaveLength(count);
  });
});
