import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { parseConfig } from "../../api/config.ts";
import { createMailboxChannel } from "../../api/notifier/channels/mailbox-channel.ts";
import { type Notifier, startNotifier } from "../../api/notifier/notifier.ts";
import { createSmsDelivery } from "../../api/notifier/start-sms.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { subscribers } from "../../db/schema/index.ts";
import type { FakeTwilio } from "./fake-twilio.ts";
import type { FakeVonage } from "./fake-vonage.ts";
import { createTestApp, type TestApp, testPublicUrl } from "./harness.ts";
import { settleDeliveries } from "./settle-deliveries.ts";

export interface SmsRig {
  t: TestApp;
  notifier: Notifier;
  /** What the start line says about SMS. */
  description: string;
  dataDir: string;
  /** Runs the notifier until nothing is pending, moving the clock past every retry delay. */
  settle(rounds?: number): Promise<void>;
  /** Asks for a code through the public route (each from its own IP: 3 per hour per IP). */
  subscribe(phone: string, components?: string[]): Promise<void>;
  /** Posts the code back; the subscriber must then be active. */
  confirm(phone: string, code: string): Promise<void>;
  stateOf(phone: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The env a fake Twilio and a fake Vonage need, as an operator would set it. */
export const twilioEnv = (twilio: FakeTwilio) => ({
  TWILIO_ACCOUNT_SID: twilio.accountSid,
  TWILIO_AUTH_TOKEN: twilio.authToken,
  TWILIO_FROM: "+15005550006",
  TWILIO_BASE_URL: twilio.url,
});
export const vonageEnv = (vonage: FakeVonage) => ({
  VONAGE_API_KEY: vonage.apiKey,
  VONAGE_API_SECRET: vonage.apiSecret,
  VONAGE_FROM: "Acme",
  VONAGE_BASE_URL: vonage.url,
});

/** The 6-digit code in a confirmation SMS. */
export const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? "")?.[1];

/**
 * The app and a notifier whose SMS dispatcher is built from the environment exactly as the server
 * builds it (`createSmsDelivery`); email goes to a throwaway mailbox.
 */
export async function startSmsRig(env: Record<string, string>): Promise<SmsRig> {
  const t = await createTestApp();
  const dataDir = mkdtempSync(join(tmpdir(), "vigie-sms-"));
  const config = parseConfig({ ...env, PUBLIC_URL: testPublicUrl, DATA_DIR: dataDir });
  const sms = await createSmsDelivery({ deps: t.deps, config });
  const notifier = startNotifier({
    deps: t.deps,
    channel: createMailboxChannel({ dir: join(dataDir, "mailbox"), from: "Acme <status@acme.test>" }),
    provider: "mailbox",
    renderer: await loadTemplates(t.deps),
    publicUrl: testPublicUrl,
    dispatchers: [sms.dispatcher],
    pollMs: 60_000,
    retryBaseMs: 10,
    retryCapMs: 50,
  });
  // The first run starts at once: let it finish, so that nothing is sent behind a test's back.
  await notifier.drain();
  const settle = (rounds = 60) => settleDeliveries(t, notifier, rounds);
  let ip = 0;
  const subscribe = async (phone: string, components?: string[]) => {
    const res = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "sms", phone, components },
      headers: { "X-Forwarded-For": `203.0.113.${++ip}` },
    });
    expect(res.status).toBe(202);
  };
  const stateOf = async (phone: string) =>
    (await t.deps.db.select().from(subscribers).where(eq(subscribers.address, phone)))[0]?.state;
  const confirm = async (phone: string, code: string) => {
    const res = await t.json("POST", "/api/subscribers/verify", { token: null, body: { phone, code } });
    expect(res.status).toBe(200);
    expect(await stateOf(phone)).toBe("active");
  };
  const close = async () => {
    await notifier.stop();
    t.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { t, notifier, description: sms.description, dataDir, settle, subscribe, confirm, stateOf, close };
}
