import { expect } from "vitest";
import { type Notifier, startNotifier } from "../../api/notifier/notifier.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { type FakeResend, resendChannelTo, startFakeResend } from "./fake-resend.ts";
import { createTestApp, type TestApp, type TestAppOptions, testPublicUrl } from "./harness.ts";
import { settleDeliveries } from "./settle-deliveries.ts";

export interface EmailRig {
  t: TestApp;
  resend: FakeResend;
  notifier: Notifier;
  /** Runs the notifier until nothing is pending, moving the clock past every retry delay. */
  settle(rounds?: number): Promise<void>;
  mailTo(address: string): FakeResend["emails"];
  /** Subscribes through the public route and follows the confirmation link from the email. */
  subscribeAndConfirm(address: string, components?: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The app, a fake Resend on loopback and a notifier sending through it, as in production. */
export async function startEmailRig(options: TestAppOptions = {}): Promise<EmailRig> {
  const t = await createTestApp(options);
  const resend = await startFakeResend({ requestsPerSecond: 1000 });
  const renderer = await loadTemplates(t.deps);
  const notifier = startNotifier({
    deps: t.deps,
    channel: resendChannelTo(resend, { timeoutMs: 1000 }),
    provider: "resend",
    renderer,
    publicUrl: testPublicUrl,
    pollMs: 60_000,
    retryBaseMs: 10,
    retryCapMs: 50,
  });
  const settle = (rounds = 60) => settleDeliveries(t, notifier, rounds);
  const mailTo = (address: string) => resend.emails.filter((e) => e.to.includes(address));
  const subscribeAndConfirm = async (address: string, components?: string[]) => {
    const res = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address, components },
    });
    expect(res.status).toBe(202);
    await settle();
    const link = new RegExp(`${testPublicUrl}((?:/[a-z]{2})?/subscribe/confirm\\?token=[\\w.-]+)`).exec(
      mailTo(address)[0]?.text ?? "",
    )?.[1];
    expect(link).toBeTruthy();
    // The link only shows a button; the POST confirms.
    expect((await t.request("GET", link!, { token: null })).status).toBe(200);
    expect((await t.request("POST", link!, { token: null })).status).toBe(200);
  };
  const close = async () => {
    await notifier.stop();
    await resend.close();
    t.close();
  };
  return { t, resend, notifier, settle, mailTo, subscribeAndConfirm, close };
}
