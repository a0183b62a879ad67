import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createResendChannel,
  type ResendChannelOptions,
} from "../../api/notifier/channels/resend-channel.ts";
import { type FaultKind, type FaultPlan, type FaultTools, listenWithFaults } from "./fault-plan.ts";

/**
 * A stand-in for the Resend API on loopback: `POST /emails` and `POST /emails/batch` with Resend's
 * request and response shapes, API-key check, a token-bucket rate limit with `ratelimit-*` headers on
 * every answer, `Idempotency-Key` replay, and injectable faults. Every accepted email is recorded.
 */

export type { FaultKind, FaultPlan } from "./fault-plan.ts";
// Kept where the notifier tests have always found it.
export { seededRandom } from "./seeded-random.ts";

export interface FakeResendOptions {
  apiKey?: string;
  /** Token bucket: this many requests per second, with a burst of the same size. */
  requestsPerSecond?: number;
  /** `retry-after` sent with an injected 429. */
  faultRetryAfterSeconds?: number;
}

export interface RecordedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  /** Resend's `reply_to`, as given. */
  replyTo: unknown;
  idempotencyKey: string | null;
}

export interface RecordedRequest {
  path: string;
  /** `performance.now()` when the request arrived. */
  at: number;
  idempotencyKey: string | null;
  batchValidation: string | null;
  /** HTTP status sent, or what happened instead. */
  outcome: number | "timeout" | "drop" | "drop-after-accept";
  /** True when the answer was replayed from an earlier request with the same idempotency key. */
  replayed: boolean;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  emails: RecordedEmail[];
  requests: RecordedRequest[];
  setFaults(plan: FaultPlan): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

const address = /^[^\s@<>"]+@[^\s@<>".]+(\.[^\s@<>".]+)+$/;
const nameAddress = /^[^<>]*<([^<>]+)>$/;
const isAddress = (value: unknown) =>
  typeof value === "string" && address.test(value.match(nameAddress)?.[1] ?? value);

const error = (status: number, name: string, message: string): Answer => ({
  status,
  body: { statusCode: status, name, message },
});

/** Resend's validation for one email: the message for the first problem, or null when it is valid. */
function invalidReason(email: unknown): string | null {
  if (typeof email !== "object" || email === null) return "Each email must be an object.";
  const e = email as Record<string, unknown>;
  if (!e.from) return "Missing `from` field.";
  if (!isAddress(e.from))
    return "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  const to = Array.isArray(e.to) ? e.to : [e.to];
  if (e.to === undefined || to.length === 0) return "Missing `to` field.";
  if (to.length > 50) return "Invalid `to` field. A maximum of 50 recipients is allowed.";
  if (!to.every(isAddress))
    return "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  if (typeof e.subject !== "string") return "Missing `subject` field.";
  if (typeof e.html !== "string" && typeof e.text !== "string") return "Missing `html` or `text` field.";
  return null;
}

function tokenBucket(perSecond: number) {
  let tokens = perSecond;
  let last = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(perSecond, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    const headers: Record<string, string> = {
      "ratelimit-limit": String(perSecond),
      "ratelimit-remaining": String(Math.floor(tokens)),
      "ratelimit-reset": String(Math.ceil((perSecond - tokens) / perSecond)),
    };
    if (!allowed) headers["retry-after"] = String(Math.ceil((1 - tokens) / perSecond));
    return { allowed, headers };
  };
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? `re_test_${randomUUID().replaceAll("-", "")}`;
  const perSecond = options.requestsPerSecond ?? 5;
  const takeToken = tokenBucket(perSecond);
  const emails: RecordedEmail[] = [];
  const requests: RecordedRequest[] = [];
  const remembered = new Map<string, { bodyHash: string; answer: Answer }>();
  function accept(email: Record<string, unknown>, idempotencyKey: string | null): { id: string } {
    const id = randomUUID();
    emails.push({
      id,
      from: String(email.from),
      to: Array.isArray(email.to) ? email.to.map(String) : [String(email.to)],
      subject: String(email.subject),
      html: typeof email.html === "string" ? email.html : null,
      text: typeof email.text === "string" ? email.text : null,
      headers: (email.headers as Record<string, string> | undefined) ?? {},
      replyTo: email.reply_to,
      idempotencyKey,
    });
    return { id };
  }

  function process(path: string, body: unknown, key: string | null, permissive: boolean): Answer {
    if (path === "/emails") {
      const reason = invalidReason(body);
      if (reason) return error(422, "validation_error", reason);
      return { status: 200, body: accept(body as Record<string, unknown>, key) };
    }
    if (!Array.isArray(body) || body.length === 0 || body.length > 100)
      return error(422, "validation_error", "The batch must be an array of 1 to 100 emails.");
    const reasons = body.map(invalidReason);
    const firstBad = reasons.findIndex((reason) => reason !== null);
    if (!permissive && firstBad >= 0)
      return error(422, "validation_error", `emails[${firstBad}]: ${reasons[firstBad]}`);
    const data = body.flatMap((email, index) => (reasons[index] ? [] : [accept(email, key)]));
    const errors = reasons.flatMap((message, index) => (message ? [{ index, message }] : []));
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    { nextFault, hold }: FaultTools<FaultKind>,
  ) {
    const path = (req.url ?? "").split("?")[0] ?? "";
    const key = req.headers["idempotency-key"]?.toString() ?? null;
    const batchValidation = req.headers["x-batch-validation"]?.toString() ?? null;
    const record: RecordedRequest = {
      path,
      at: performance.now(),
      idempotencyKey: key,
      batchValidation,
      outcome: 200,
      replayed: false,
    };
    requests.push(record);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBytes = Buffer.concat(chunks);
    const raw = rawBytes.toString("utf8");

    const limit = takeToken();
    const send = ({ status, body }: Answer) => {
      record.outcome = status;
      res.writeHead(status, { "content-type": "application/json", ...limit.headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch"))
      return send(error(404, "not_found", "The requested endpoint does not exist."));
    const auth = req.headers.authorization;
    if (!auth) return send(error(401, "missing_api_key", "Missing API key in the authorization header."));
    if (auth !== `Bearer ${apiKey}`) return send(error(403, "invalid_api_key", "API key is invalid."));
    if (!limit.allowed)
      return send(
        error(
          429,
          "rate_limit_exceeded",
          `Too many requests. You can only make ${perSecond} requests per second.`,
        ),
      );

    const fault = nextFault();
    if (fault === "500") return send(error(500, "internal_server_error", "Injected failure."));
    if (fault === "429") {
      limit.headers["retry-after"] = String(options.faultRetryAfterSeconds ?? 1);
      return send(error(429, "rate_limit_exceeded", "Too many requests (injected)."));
    }
    if (fault === "drop") {
      record.outcome = "drop";
      return req.socket.destroy();
    }
    if (fault === "timeout") {
      record.outcome = "timeout";
      return hold(res);
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(error(400, "validation_error", "The request body is not valid JSON."));
    }
    // Hashed as received: hashing the decoded text would encode it to UTF-8 all over again.
    const bodyHash = createHash("sha256")
      .update(`${path}\n${batchValidation}\n`)
      .update(rawBytes)
      .digest("hex");
    let answer: Answer;
    const earlier = key === null ? undefined : remembered.get(key);
    if (key !== null && (key.length === 0 || key.length > 256)) {
      answer = error(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
    } else if (earlier && earlier.bodyHash !== bodyHash) {
      answer = error(
        409,
        "invalid_idempotent_request",
        "Same idempotency key used with a different request payload.",
      );
    } else if (earlier) {
      record.replayed = true;
      answer = earlier.answer;
    } else {
      answer = process(path, body, key, batchValidation === "permissive");
      if (key !== null && answer.status < 300) remembered.set(key, { bodyHash, answer });
    }
    if (fault === "drop-after-accept") {
      record.outcome = "drop-after-accept";
      return req.socket.destroy();
    }
    send(answer);
  }

  const server = await listenWithFaults(handle);
  return { ...server, apiKey, emails, requests };
}

/** The real Resend channel pointed at `fake`, sending as Acme at up to 200 emails a second unless told. */
export function resendChannelTo(fake: FakeResend, options: Partial<ResendChannelOptions> = {}) {
  return createResendChannel({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    from: "Acme <status@acme.test>",
    maxPerSecond: 200,
    ...options,
  });
}
