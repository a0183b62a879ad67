import { afterEach, describe, expect, it } from "vitest";
import {
  createSmtpChannel,
  type SmtpChannel,
  smtpMessageId,
} from "../../../../api/notifier/channels/smtp-channel.ts";
import { outgoingEmails } from "../../../helpers/outgoing-emails.ts";
import { type SmtpSink, startSmtpSink } from "../../../helpers/smtp-sink.ts";

let sink: SmtpSink | undefined;
let channel: SmtpChannel | undefined;
afterEach(async () => {
  channel?.close();
  await sink?.close();
  sink = channel = undefined;
});

async function setup(url?: (sinkUrl: string) => string) {
  sink = await startSmtpSink();
  channel = createSmtpChannel({
    url: url ? url(sink.url) : sink.url,
    from: "Acme status <status@acme.test>",
    timeoutMs: 2000,
  });
  return { sink, channel };
}

const emails = (count: number, prefix = "dlv") => outgoingEmails(count, prefix);

describe("SMTP channel", () => {
  it("sends each email with the same content and headers, and a Message-ID from its delivery id", async () => {
    const { sink, channel } = await setup();
    const messages = emails(3);
    const results = await channel.sendBatch(messages);

    expect(results).toEqual(
      messages.map((m) => ({
        deliveryId: m.deliveryId,
        outcome: "sent",
        providerId: smtpMessageId(m.deliveryId, "acme.test"),
        provider: "smtp",
      })),
    );
    expect(sink.messages).toHaveLength(3);
    const received = sink.messages.find((m) => m.envelope.to[0] === "reader-dlv_001@example.com")!;
    expect(received.envelope.from).toBe("status@acme.test");
    const mail = received.parsed;
    expect(mail.messageId).toBe("<dlv_001.vigie@acme.test>");
    expect(mail.subject).toBe("Checkout is degraded");
    expect(mail.from?.text).toBe('"Acme status" <status@acme.test>');
    expect(mail.html).toBe("<p>Hello dlv_001</p>");
    expect(mail.text?.trim()).toBe("Hello dlv_001");
    // RFC 8058 one-click unsubscribe survives the relay, exactly as the primary sends it.
    const raw = Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line]));
    expect(raw["list-unsubscribe"]).toBe("List-Unsubscribe: <https://status.acme.test/unsubscribe/dlv_001>");
    expect(raw["list-unsubscribe-post"]).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(mail.headers.get("list")).toMatchObject({
      unsubscribe: { url: "https://status.acme.test/unsubscribe/dlv_001" },
    });
  });

  it("fails a recipient the server refuses, with the server's words, and sends the others", async () => {
    const { sink, channel } = await setup();
    sink.refuseRecipient("reader-dlv_001@example.com", "5.1.1 Mailbox does not exist");
    const results = await channel.sendBatch(emails(3));

    expect(results.map((r) => r.outcome)).toEqual(["sent", "failed", "sent"]);
    expect(results[1]).toEqual({
      deliveryId: "dlv_001",
      outcome: "failed",
      reason: "refused by the SMTP server: 550 5.1.1 Mailbox does not exist",
    });
    expect(sink.messages.map((m) => m.envelope.to[0]).sort()).toEqual([
      "reader-dlv_000@example.com",
      "reader-dlv_002@example.com",
    ]);
  });

  it("asks for a retry when the server turns connections away", async () => {
    const { sink, channel } = await setup();
    sink.setDown(true);
    const results = await channel.sendBatch(emails(2));
    for (const result of results) {
      expect(result).toMatchObject({
        outcome: "retry",
        reason: expect.stringContaining("421"),
        retryAfterMs: null,
      });
    }
    expect(sink.connections()).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(0);

    sink.setDown(false);
    expect((await channel.sendBatch(emails(2))).map((r) => r.outcome)).toEqual(["sent", "sent"]);
  });

  it("asks for a retry when nothing listens or the login is refused: the message is not at fault", async () => {
    const { sink: first } = await setup((url) => url.replace("s3cret-pass", "wrong"));
    const refused = await channel!.sendBatch(emails(1));
    expect(refused[0]).toMatchObject({ outcome: "retry", reason: expect.stringMatching(/EAUTH.*535/) });
    expect(first.messages).toHaveLength(0);

    const closedUrl = first.url;
    channel!.close();
    await first.close();
    sink = undefined;
    channel = createSmtpChannel({ url: closedUrl, from: "status@acme.test", timeoutMs: 1000 });
    const unreachable = await channel.sendBatch(emails(1));
    expect(unreachable[0]).toMatchObject({
      outcome: "retry",
      reason: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("refuses an SMTP_URL that is not smtp:// or smtps://", () => {
    for (const url of ["http://mail.acme.test", "mail.acme.test:587", ""]) {
      expect(() => createSmtpChannel({ url, from: "status@acme.test" })).toThrow(/SMTP_URL must look like/);
    }
  });
});
