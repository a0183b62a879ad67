import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OutgoingEmail } from "../../../api/notifier/channels/email-channel.ts";
import { type EmailThread, startEmailThread } from "../../../api/notifier/email-thread.ts";
import type { EmailTransportConfig } from "../../../api/notifier/email-transport.ts";
import { type FakeResend, startFakeResend } from "../../helpers/fake-resend.ts";
import { startSmtpSink } from "../../helpers/smtp-sink.ts";

let fake: FakeResend;
let mailbox: string;
let thread: EmailThread | undefined;

beforeEach(async () => {
  fake = await startFakeResend({ requestsPerSecond: 100 });
  mailbox = mkdtempSync(join(tmpdir(), "vigie-email-thread-"));
});
afterEach(async () => {
  await thread?.close();
  thread = undefined;
  await fake.close();
  rmSync(mailbox, { recursive: true, force: true });
});

const resendConfig = (): EmailTransportConfig => ({
  resendApiKey: fake.apiKey,
  resendBaseUrl: fake.url,
  resendRequestsPerSecond: 100,
  from: "Acme <status@acme.test>",
  smtpUrl: undefined,
});

function emails(count: number, prefix = "dlv"): OutgoingEmail[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}_${String(i).padStart(4, "0")}`;
    return {
      deliveryId: id,
      to: `reader-${id}@example.com`,
      subject: "Paiements en échec",
      html: `<p>Bonjour ${id}, le paiement est en échec.</p>`,
      text: `Bonjour ${id}`,
      headers: { "List-Unsubscribe": `<https://status.acme.test/u/${id}>` },
    };
  });
}

describe("email thread", () => {
  it("sends batches from a thread of its own, answering one result per email as in-process", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox });
    expect(thread.provider).toBe("resend");
    expect(thread.description).toBe("sent through Resend from Acme <status@acme.test>");

    const messages = emails(150);
    const results = await thread.channel.sendBatch(messages);
    expect(thread.worker()?.threadId).not.toBe(threadId);

    expect(results.map((r) => r.deliveryId)).toEqual(messages.map((m) => m.deliveryId));
    expect(results.every((r) => r.outcome === "sent")).toBe(true);
    expect(fake.requests.filter((r) => r.path === "/emails/batch")).toHaveLength(2);
    // The text arrives unchanged (UTF-8 both ways), and each provider id is the one Resend gave.
    expect(fake.emails.map((e) => e.subject)).toEqual(Array(150).fill("Paiements en échec"));
    expect(new Set(results.map((r) => (r.outcome === "sent" ? r.providerId : null)))).toEqual(
      new Set(fake.emails.map((e) => e.id)),
    );
  });

  it("passes the provider's refusals and failures back: a 5xx is retried, a bad address fails alone", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox });
    fake.setFaults({ kind: "schedule", steps: ["500"] });
    const failed = await thread.channel.sendBatch(emails(2));
    expect(failed.map((r) => r.outcome)).toEqual(["retry", "retry"]);

    const [good, bad] = emails(2, "again");
    const results = await thread.channel.sendBatch([good!, { ...bad!, to: "not an address" }]);
    expect(results.map((r) => r.outcome)).toEqual(["sent", "failed"]);
    expect(results[1]).toMatchObject({
      reason: expect.stringMatching(/refused by Resend: Invalid `to` field/),
    });
  });

  it("answers retry for the batches a dead thread held, and starts a new thread for the next batch", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox });
    fake.setFaults({ kind: "schedule", steps: ["timeout"] });
    const held = thread.channel.sendBatch(emails(3));
    await expect.poll(() => fake.requests.length).toBe(1);
    const first = thread.worker()!;

    await first.terminate();
    const answered = await held;
    expect(answered.map((r) => r.outcome)).toEqual(["retry", "retry", "retry"]);
    expect(answered[0]).toMatchObject({ reason: expect.stringMatching(/the email thread stopped/) });

    const next = await thread.channel.sendBatch(emails(3, "next"));
    expect(next.map((r) => r.outcome)).toEqual(["sent", "sent", "sent"]);
    expect(thread.worker()).not.toBe(first);
    expect(thread.worker()?.threadId).not.toBe(first.threadId);
  });

  it("rejects a malformed batch with the channel's message, as the in-process channel throws", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox });
    const [one] = emails(1);
    await expect(thread.channel.sendBatch([one!, one!])).rejects.toThrow(/the same delivery id twice/);
  });

  it("without a Resend key, writes the development mailbox from the thread and says so", async () => {
    thread = await startEmailThread({ config: { ...resendConfig(), resendApiKey: undefined }, mailbox });
    expect(thread.provider).toBe("mailbox");
    expect(thread.description).toMatch(/^NOT SENT: no RESEND_API_KEY/);

    const results = await thread.channel.sendBatch(emails(2));
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    const files = readdirSync(mailbox).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(2);
    expect(readFileSync(join(mailbox, files[0]!), "utf8")).toMatch(/^To: reader-dlv_000[01]@example\.com/m);
  });

  it("stops the thread on close, and refuses batches after it", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox });
    await thread.channel.sendBatch(emails(1));
    const worker = thread.worker()!;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    await thread.close();
    await exited;
    expect(thread.worker()).toBeNull();
    await expect(thread.channel.sendBatch(emails(1))).rejects.toThrow(/the email thread is closed/);
  });

  it("starts no thread until a batch is waiting, lets it go after an idle period, and starts one again", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox }, { idleMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(thread.worker()).toBeNull();

    await thread.channel.sendBatch(emails(1, "first"));
    const first = thread.worker()!;
    expect(first.threadId).not.toBe(threadId);
    await new Promise((resolve) => first.once("exit", resolve));
    expect(thread.worker()).toBeNull();

    const results = await thread.channel.sendBatch(emails(2, "later"));
    expect(results.map((r) => r.outcome)).toEqual(["sent", "sent"]);
    const second = thread.worker()!;
    expect(second.threadId).not.toBe(first.threadId);
    await new Promise((resolve) => second.once("exit", resolve));
    expect(thread.worker()).toBeNull();
    expect(fake.emails.map((e) => e.to)).toEqual([
      ["reader-first_0000@example.com"],
      ["reader-later_0000@example.com"],
      ["reader-later_0001@example.com"],
    ]);
  });

  it("reports its Resend circuit: open after Resend failed three times, closed on a new thread", async () => {
    const sink = await startSmtpSink();
    try {
      thread = await startEmailThread(
        { config: { ...resendConfig(), smtpUrl: sink.url }, mailbox },
        { idleMs: 300 },
      );
      expect(thread.circuit?.()).toBe("closed");
      fake.setFaults({ kind: "random", probability: 1, faults: ["500"] });
      for (let i = 0; i < 3; i++) await thread.channel.sendBatch(emails(1, `down${i}`));
      expect(thread.circuit?.()).toBe("open");
      // While open, batches go through the relay.
      const relayed = await thread.channel.sendBatch(emails(1, "relayed"));
      expect(relayed[0]).toMatchObject({ outcome: "sent" });
      await expect.poll(() => sink.messages.length).toBe(1);
      expect(thread.circuit?.()).toBe("open");
      const worker = thread.worker()!;
      await new Promise((resolve) => worker.once("exit", resolve));
      expect(thread.circuit?.()).toBe("closed");
    } finally {
      await thread?.close();
      thread = undefined;
      await sink.close();
    }
  });

  it("has no circuit without a relay to fail over to", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox });
    expect(thread.circuit).toBeUndefined();
  });

  it("keeps a thread that keeps getting batches", async () => {
    thread = await startEmailThread({ config: resendConfig(), mailbox }, { idleMs: 400 });
    await thread.channel.sendBatch(emails(1, "start"));
    const first = thread.worker()!;
    for (let i = 0; i < 6; i++) {
      const results = await thread.channel.sendBatch(emails(1, `busy${i}`));
      expect(results[0]!.outcome).toBe("sent");
      expect(thread.worker()).toBe(first);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(thread.worker()).toBe(first);
  });
});
