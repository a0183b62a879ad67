import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type FaultKind, type FaultPlanOf, listenWithFaults } from "./fault-plan.ts";

/**
 * A stand-in for Twilio's Messages API on loopback: `POST /2010-04-01/Accounts/{sid}/Messages.json`
 * with Twilio's form fields, basic auth, its error body (`code`, `message`, `more_info`, `status`)
 * and injectable faults. Every accepted message is recorded.
 */

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export interface RecordedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
}

export interface FakeTwilioOptions {
  /** Numbers answered with 21211 (not a valid phone number). */
  invalidNumbers?: string[];
  /** Numbers answered with 21610 (the recipient replied STOP). */
  optedOutNumbers?: string[];
  /** `Retry-After` sent with an injected 429. */
  retryAfterSeconds?: number;
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  messages: RecordedSms[];
  /** What happened to each request, in order: an HTTP status or the injected fault. */
  requests: (number | FaultKind)[];
  setFaults(plan: FaultPlanOf<FaultKind>): void;
  close(): Promise<void>;
}

const e164 = /^\+[1-9]\d{6,14}$/;

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const authToken = randomBytes(16).toString("hex");
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const messages: RecordedSms[] = [];
  const requests: (number | FaultKind)[] = [];

  const server = await listenWithFaults<FaultKind>(async (req, res, { nextFault, hold }) => {
    const form = await readForm(req);
    const send = (status: number, body: object, headers: Record<string, string> = {}) => {
      requests.push(status);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string, headers?: Record<string, string>) =>
      send(
        status,
        { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
        headers,
      );

    if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
      return error(404, 20404, "The requested resource was not found");
    if (req.headers.authorization !== expectedAuth) return error(401, 20003, "Authenticate");
    const fault = nextFault();
    if (fault === "500") return error(500, 20500, "Internal Server Error");
    if (fault === "429") {
      return error(429, 20429, "Too Many Requests", {
        "retry-after": String(options.retryAfterSeconds ?? 1),
      });
    }
    if (fault === "drop" || fault === "timeout") {
      requests.push(fault);
      return fault === "drop" ? req.socket.destroy() : hold(res);
    }
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? form.get("MessagingServiceSid");
    const body = form.get("Body") ?? "";
    if (!from) return error(400, 21603, "A 'From' phone number is required.");
    if (!e164.test(to) || options.invalidNumbers?.includes(to))
      return error(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (options.optedOutNumbers?.includes(to))
      return error(400, 21610, "Attempt to send to unsubscribed recipient");
    if (body === "") return error(400, 21602, "Message body is required.");
    if (body.length > 1600)
      return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");

    const sid = `SM${randomBytes(16).toString("hex")}`;
    messages.push({ sid, to, from, body, statusCallback: form.get("StatusCallback") });
    if (fault === "drop-after-accept") {
      requests.push(fault);
      return req.socket.destroy();
    }
    send(201, { sid, account_sid: accountSid, to, from, body, status: "queued", error_code: null });
  });

  return { ...server, accountSid, authToken, messages, requests };
}
