import { randomBytes } from "node:crypto";
import type { Deps } from "../domain/context.ts";
import { getSettings } from "../domain/settings/get-settings.ts";
import type { Locale } from "../domain/types.ts";
import type { EmailChannel, OutgoingEmail } from "./channels/email-channel.ts";
import { senderSettings } from "./email-headers.ts";

export type TestEmailResult = { ok: true; provider: string } | { ok: false; reason: string };

/** Sends one email to `to` through the channel subscribers' emails take, and says what became of it. */
export type TestEmailSender = (to: string) => Promise<TestEmailResult>;

const words: Record<Locale, { subject: (page: string) => string; body: (page: string) => string }> = {
  en: {
    subject: (page) => `Test email from ${page}`,
    body: (page) =>
      `This is a test of the email settings of ${page}. Subscribers' emails come from the same sender, through the same provider.`,
  },
  fr: {
    subject: (page) => `E-mail de test de ${page}`,
    body: (page) =>
      `Ceci est un test des réglages d’e-mail de ${page}. Les e-mails des abonnés partent du même expéditeur, par le même fournisseur.`,
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface TestEmailOptions {
  deps: Deps;
  channel: EmailChannel;
  /** The provider the channel starts with (a failover may report another). */
  provider: string;
  publicUrl: string;
}

/** The console's "send me a test email": the page's sender settings, the real channel, no outbox. */
export function createTestEmailSender({
  deps,
  channel,
  provider,
  publicUrl,
}: TestEmailOptions): TestEmailSender {
  return async (to) => {
    const settings = await getSettings(deps);
    const t = words[settings.defaultLocale];
    const base = (settings.url ?? publicUrl).replace(/\/+$/, "");
    const id = `test_${randomBytes(8).toString("hex")}`;
    const host = new URL(base).hostname || "localhost";
    const body = t.body(settings.name);
    const email: OutgoingEmail = {
      deliveryId: id,
      to,
      subject: t.subject(settings.name),
      text: `${body}\n\n${base}/\n`,
      html: `<!DOCTYPE html><html lang="${settings.defaultLocale}"><head><meta charset="utf-8"><title>${escapeHtml(settings.name)}</title></head><body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 24px; color: #1f2937;"><p>${escapeHtml(body)}</p><p><a href="${escapeHtml(base)}/">${escapeHtml(base)}</a></p></body></html>`,
      headers: {},
      sender: senderSettings(settings),
      messageId: `<${id}@${host}>`,
    };
    const [result] = await channel.sendBatch([email]);
    if (result?.outcome === "sent") return { ok: true, provider: result.provider ?? provider };
    return { ok: false, reason: result && "reason" in result ? result.reason : "no answer from the channel" };
  };
}
