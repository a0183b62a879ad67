// The fake Resend in its own process, so the benchmark's RSS is the notifier's, not the recorded
// emails'. Usage: fake-resend-process.ts <requests per second>; speaks over the IPC channel:
// sends `{ url, apiKey }` once listening, answers `"report"` with a FakeResendReport, exits on "close".

import { startFakeResend } from "../helpers/fake-resend.ts";

export interface FakeResendReport {
  accepted: number;
  recipients: number;
  /** Recipients that got more than one message. */
  duplicated: number;
  requests: number;
  replayed: number;
  rateLimited: number;
  /** Wall-clock ms (Date.now scale) of the first request and of the last accepted one. */
  firstRequestAt: number | null;
  lastAcceptedAt: number | null;
  /** CPU time (user + system) of this process since it started, in ms. */
  cpuMs: number;
}

const perSecond = Number(process.argv[2] ?? 5);
const fake = await startFakeResend({ requestsPerSecond: perSecond });
const received = new Map<string, number>();
let accepted = 0;
let lastAcceptedAt: number | null = null;

// Counts and forgets the recorded emails, so 100,000 rendered bodies are never held at once.
function collect() {
  if (fake.emails.length === 0) return;
  for (const email of fake.emails) for (const to of email.to) received.set(to, (received.get(to) ?? 0) + 1);
  accepted += fake.emails.length;
  fake.emails.length = 0;
  const lastOk = fake.requests.findLast((r) => r.outcome === 200 && !r.replayed);
  if (lastOk) lastAcceptedAt = performance.timeOrigin + lastOk.at;
}
const timer = setInterval(collect, 100);

function report(): FakeResendReport {
  collect();
  const first = fake.requests[0];
  return {
    accepted,
    recipients: received.size,
    duplicated: [...received.values()].filter((n) => n > 1).length,
    requests: fake.requests.length,
    replayed: fake.requests.filter((r) => r.replayed).length,
    rateLimited: fake.requests.filter((r) => r.outcome === 429).length,
    firstRequestAt: first ? performance.timeOrigin + first.at : null,
    lastAcceptedAt,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  };
}

process.on("message", async (message) => {
  if (message === "report") process.send?.(report());
  if (message === "close") {
    clearInterval(timer);
    await fake.close();
    process.disconnect?.();
  }
});
process.send?.({ url: fake.url, apiKey: fake.apiKey });
