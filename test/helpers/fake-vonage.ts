import { randomBytes } from "node:crypto";
import { readForm } from "./fake-twilio.ts";
import { type FaultKind, type FaultPlanOf, listenWithFaults } from "./fault-plan.ts";

/**
 * A stand-in for Vonage's SMS API on loopback: `POST /sms/json` with form fields, credentials in the
 * body, and Vonage's answer: HTTP 200 with one entry per message part, each with its own `status`
 * ("0" sent). Faults as in the fake Twilio, plus Vonage statuses: `status-1` (throttled),
 * `status-5` (internal error), `status-9` (no credit), and `part-2-throttled`: the first part of
 * a long message goes out, the second is refused with status 1.
 */

export type VonageFault = FaultKind | "status-1" | "status-5" | "status-9" | "part-2-throttled";

export interface RecordedVonageSms {
  messageIds: string[];
  to: string;
  from: string;
  text: string;
  type: string;
  clientRef: string | null;
  callback: string | null;
}

export interface FakeVonageOptions {
  /** Numbers answered with status 3 (invalid `to`). */
  invalidNumbers?: string[];
  /** Numbers answered with status 7 (number barred). */
  barredNumbers?: string[];
}

export interface FakeVonage {
  url: string;
  apiKey: string;
  apiSecret: string;
  messages: RecordedVonageSms[];
  requests: (number | VonageFault)[];
  setFaults(plan: FaultPlanOf<VonageFault>): void;
  close(): Promise<void>;
}

const refusals: Record<string, string> = {
  "1": "Throughput Rate Exceeded - please wait [ 1000 ] and retry",
  "2": "Missing to param",
  "3": "Invalid to param",
  "4": "Bad Credentials",
  "5": "Internal Error",
  "7": "Number barred.",
  "9": "Quota Exceeded - rejected",
};

/** Vonage splits a long message itself and answers one entry per part. */
const partsOf = (text: string, type: string) => {
  const [single, perPart] = type === "unicode" ? [70, 67] : [160, 153];
  return text.length <= single ? 1 : Math.ceil(text.length / perPart);
};

export async function startFakeVonage(options: FakeVonageOptions = {}): Promise<FakeVonage> {
  const apiKey = randomBytes(4).toString("hex");
  const apiSecret = randomBytes(8).toString("hex");
  const messages: RecordedVonageSms[] = [];
  const requests: (number | VonageFault)[] = [];

  const server = await listenWithFaults<VonageFault>(async (req, res, { nextFault, hold }) => {
    const form = await readForm(req);
    const send = (status: number, body: object, log: number | VonageFault = status) => {
      requests.push(log);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: string, log: number | VonageFault = 200) =>
      send(200, { "message-count": "1", messages: [{ status, "error-text": refusals[status] }] }, log);

    if (req.method !== "POST" || req.url !== "/sms/json") return send(404, { error: "not found" });
    if (form.get("api_key") !== apiKey || form.get("api_secret") !== apiSecret) return refuse("4");
    const fault = nextFault();
    if (fault === "500") return send(500, { error: "Internal Server Error" }, fault);
    if (fault === "429") return send(429, { error: "Too Many Requests" }, fault);
    if (fault === "status-1" || fault === "status-5" || fault === "status-9")
      return refuse(fault.slice("status-".length), fault);
    if (fault === "drop" || fault === "timeout") {
      requests.push(fault);
      return fault === "drop" ? req.socket.destroy() : hold(res);
    }
    const to = form.get("to") ?? "";
    const from = form.get("from") ?? "";
    const text = form.get("text") ?? "";
    if (!to) return refuse("2");
    if (!/^[1-9]\d{6,14}$/.test(to) || options.invalidNumbers?.includes(to)) return refuse("3");
    if (options.barredNumbers?.includes(to)) return refuse("7");

    const type = form.get("type") ?? "text";
    let messageIds = Array.from({ length: partsOf(text, type) }, () => randomBytes(8).toString("hex"));
    if (fault === "part-2-throttled") messageIds = messageIds.slice(0, 1);
    const clientRef = form.get("client-ref");
    messages.push({ messageIds, to, from, text, type, clientRef, callback: form.get("callback") });
    if (fault === "drop-after-accept") {
      requests.push(fault);
      return req.socket.destroy();
    }
    const entries = messageIds.map((id) => ({
      to,
      "message-id": id,
      status: "0",
      "remaining-balance": "10.00",
      "message-price": "0.05",
      network: "20801",
      ...(clientRef ? { "client-ref": clientRef } : {}),
    }));
    const refusedPart = { status: "1", "error-text": refusals["1"] };
    const parts = fault === "part-2-throttled" ? [...entries, refusedPart] : entries;
    send(200, { "message-count": String(parts.length), messages: parts });
  });

  return { ...server, apiKey, apiSecret, messages, requests };
}
