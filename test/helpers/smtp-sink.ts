import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/**
 * An SMTP relay on loopback (npm `smtp-server`) that keeps every message it accepts, parsed by
 * mailparser as a recipient's mail system would read it. It can refuse recipients (a 550 at RCPT
 * TO, as for an unknown mailbox) and turn every connection away (a relay that is down).
 */

export interface SinkMessage {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

export interface SmtpSink {
  /** `smtp://user:pass@127.0.0.1:<port>`, ready for the SMTP channel. */
  url: string;
  messages: SinkMessage[];
  /** Answers RCPT TO for this address with `550 <message>`. */
  refuseRecipient(address: string, message: string): void;
  /** While set, greets every new connection with 421 and hangs up. */
  setDown(down: boolean): void;
  /** Connections made so far (refused ones included). */
  connections(): number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export interface SmtpSinkOptions {
  credentials?: { user: string; pass: string };
  /** How long the relay takes to accept each message (a slow relay), default 0. */
  acceptDelayMs?: number;
  /** Awaited before the relay answers 250 to a message's DATA; `index` counts from 1. */
  beforeAccept?: (index: number, parsed: ParsedMail) => Promise<void> | void;
}

export async function startSmtpSink({
  credentials = { user: "vigie", pass: "s3cret-pass" },
  acceptDelayMs = 0,
  beforeAccept,
}: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const refused = new Map<string, string>();
  let down = false;
  let connectionCount = 0;
  let seen = 0;

  const options: SMTPServerOptions = {
    logger: false,
    // Plain text on loopback: the test talks to no one else, and a self-signed STARTTLS would fail.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onConnect(_session, callback) {
      connectionCount++;
      callback(down ? smtpError(421, "Service not available, try again later") : null);
    },
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass)
        return callback(null, { user: auth.username });
      callback(smtpError(535, "Authentication credentials invalid"));
    },
    onRcptTo(address, _session, callback) {
      const reason = refused.get(address.address.toLowerCase());
      callback(reason === undefined ? null : smtpError(550, reason));
    },
    onData(stream, session, callback) {
      const index = ++seen;
      simpleParser(stream)
        .then(async (parsed) => {
          if (acceptDelayMs) await new Promise((resolve) => setTimeout(resolve, acceptDelayMs));
          await beforeAccept?.(index, parsed);
          messages.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            parsed,
          });
          callback();
        })
        .catch((err: unknown) => callback(err as Error));
    },
  };
  const server = new SMTPServer(options);
  // A client killed mid-message resets its connection: a relay logs that and carries on.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const auth = `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}`;
  return {
    url: `smtp://${auth}@127.0.0.1:${port}`,
    messages,
    refuseRecipient: (address, message) => refused.set(address.toLowerCase(), message),
    setDown: (value) => {
      down = value;
    },
    connections: () => connectionCount,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
