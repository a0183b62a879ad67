import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Template } from "liquidjs";
import { type Locale, locales } from "../../../domain/types.ts";
import { createEngines, defaultRenderLimits, type RenderLimits } from "../../templates/engine.ts";
import type { AnyRenderInput, PageInput, RenderInput, TemplateKey } from "../../templates/keys.ts";
import { emailLabels } from "../../templates/labels.ts";
import { buildScope, createDateFormatter } from "../../templates/scope.ts";
import { fitSms, foldToGsm7, smsLength } from "./sms-segments.ts";

/** Every email key has an SMS twin; which of them are sent by SMS is the notifier's choice. */
export const smsTemplateKeys = [
  "confirmation",
  "incident-created",
  "incident-updated",
  "incident-resolved",
  "maintenance-scheduled",
  "maintenance-reminder",
  "maintenance-started",
  "maintenance-completed",
] as const satisfies readonly TemplateKey[];
export type SmsTemplateKey = (typeof smsTemplateKeys)[number];

/** An SMS subscription is confirmed by a code typed back, not a link. */
export interface SmsConfirmationInput {
  page: PageInput;
  /** The 6-digit code the subscriber posts back. */
  code: string;
}

/**
 * The email input without its per-subscriber part: an SMS says the same to everyone (unsubscribing
 * is a STOP reply), so a fan-out renders once per locale.
 */
export type SmsRenderInput<K extends SmsTemplateKey> = K extends "confirmation"
  ? SmsConfirmationInput
  : Omit<RenderInput<K>, "subscriber">;

export interface SmsRendererOptions {
  /** Folder holding `sms/<locale>/<key>.liquid`; English is required for every key. */
  templatesDir: string;
  /** Carriers bill per segment; two fit about 300 GSM-7 characters. */
  maxSegments?: number;
  limits?: Partial<RenderLimits>;
}

export interface SmsRenderer {
  render<K extends SmsTemplateKey>(key: K, locale: Locale, input: SmsRenderInput<K>): string;
}

const noSubscriber = { manage_url: "", unsubscribe_url: "" };

/** Line breaks stay (one septet each), but blank lines and runs of spaces from the template go. */
const tidy = (text: string) =>
  text
    .replace(/[ \t]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();

/**
 * Renders SMS templates with the email templates' engine settings and variables (`page`,
 * `incident` with translated `status_label`s, `maintenance` dates, `labels`), then fits the result
 * to `maxSegments`. Characters GSM-7 lacks (`ê`, typographic quotes, the French non-breaking space
 * before a colon) are replaced by their nearest GSM-7 spelling only when that saves a segment:
 * one such character switches the whole message to UCS-2, which holds fewer than half the characters.
 */
export async function createSmsRenderer(options: SmsRendererOptions): Promise<SmsRenderer> {
  const { maxSegments = 2 } = options;
  const engine = createEngines({}, { ...defaultRenderLimits, ...options.limits }).text;
  const formatDate = createDateFormatter();
  const compiled = new Map<string, Template[]>();
  for (const locale of locales) {
    for (const key of smsTemplateKeys) {
      const file = join(options.templatesDir, "sms", locale, `${key}.liquid`);
      const source = await readFile(file, "utf8").catch((cause: NodeJS.ErrnoException) => {
        if (locale !== "en" && cause.code === "ENOENT") return null;
        throw new Error(`Cannot read SMS template ${file}: ${cause.code ?? cause.message}`);
      });
      if (source === null) continue;
      try {
        compiled.set(`${locale}/${key}`, engine.parse(source, file));
      } catch (error) {
        throw new Error(`Cannot parse SMS template ${file}: ${(error as Error).message}`);
      }
    }
  }

  return {
    render(key, requested, input) {
      const locale = compiled.has(`${requested}/${key}`) ? requested : "en";
      const scope =
        "code" in input
          ? { ...input, locale, labels: emailLabels[locale] }
          : buildScope({ ...input, subscriber: noSubscriber } as AnyRenderInput, locale, formatDate);
      const text = tidy(engine.renderSync(compiled.get(`${locale}/${key}`)!, scope));
      const folded = foldToGsm7(text);
      const cheaper = smsLength(folded).segments < smsLength(text).segments ? folded : text;
      return fitSms(cheaper, maxSegments);
    },
  };
}
