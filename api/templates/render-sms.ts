import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Template } from "liquidjs";
import { incidentMessageKinds } from "../../db/schema/deliveries.ts";
import { type Locale, locales } from "../domain/types.ts";
import { createEngines, defaultRenderLimits, type RenderLimits } from "./engine.ts";
import type { AnyRenderInput, PageInput, RenderInput, TemplateKey } from "./keys.ts";
import { emailLabels } from "./labels.ts";
import { sampleRenderBudgetMs } from "./renderer.ts";
import { sampleInput } from "./sample-data.ts";
import { buildScope, createDateFormatter } from "./scope.ts";
import { fitSms, foldToGsm7, type SmsLength, smsLength } from "./sms-segments.ts";

/** Every email key has an SMS twin; which of them are sent by SMS is the notifier's choice. */
export const smsTemplateKeys = [
  "confirmation",
  ...incidentMessageKinds,
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

/** The email previews' sample data without its per-subscriber part, and a made-up code to confirm. */
function smsSampleInput<K extends SmsTemplateKey>(key: K, locale: Locale): SmsRenderInput<K> {
  const { subscriber: _, ...rest } = sampleInput(key, locale) as { subscriber: unknown; page: PageInput };
  const input = key === "confirmation" ? { page: rest.page, code: "482913" } : rest;
  return input as unknown as SmsRenderInput<K>;
}

export interface SmsRendererOptions {
  /** Folder holding `sms/<locale>/<key>.liquid`; English is required for every key. */
  templatesDir: string;
  /** Carriers bill per segment; two fit about 300 GSM-7 characters. */
  maxSegments?: number;
  limits?: Partial<RenderLimits>;
}

export type SmsCheck = { ok: true } | { ok: false; message: string };

/** A render of the sample message: the text as sent, and what it costs before any shortening. */
export type SmsPreview =
  | { ok: true; text: string; length: SmsLength; shortened: boolean; maxSegments: number }
  | { ok: false; message: string };

export interface SmsRenderer {
  render<K extends SmsTemplateKey>(key: K, locale: Locale, input: SmsRenderInput<K>): string;
  /** The shipped source (English's when the locale has no file). */
  builtInSource(key: SmsTemplateKey, locale: Locale): string;
  validateTemplate(source: string): SmsCheck;
  /** Replaces one (key, locale) template at run time; a source that does not parse is refused. */
  setOverride(key: SmsTemplateKey, locale: Locale, source: string): SmsCheck;
  removeOverride(key: SmsTemplateKey, locale: Locale): void;
  /** Renders the sample message with `source` (default: the template in use). */
  preview(key: SmsTemplateKey, locale: Locale, source?: string): SmsPreview;
  /** Whether `source` renders the sample message within the email templates' budget. */
  checkSpeed(key: SmsTemplateKey, locale: Locale, source: string): SmsCheck;
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
  const sources = new Map<string, string>();
  const overrides = new Map<string, Template[]>();
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
        sources.set(`${locale}/${key}`, source);
      } catch (error) {
        throw new Error(`Cannot parse SMS template ${file}: ${(error as Error).message}`);
      }
    }
  }

  const localeOf = (key: SmsTemplateKey, requested: Locale): Locale =>
    overrides.has(`${requested}/${key}`) || compiled.has(`${requested}/${key}`) ? requested : "en";

  /** The text before `fitSms`: folded to GSM-7 only when that saves a segment. */
  const renderFull = <K extends SmsTemplateKey>(
    key: K,
    requested: Locale,
    input: SmsRenderInput<K>,
    template?: Template[],
    renderLimit?: number,
  ) => {
    const locale = localeOf(key, requested);
    const scope =
      "code" in input
        ? { ...input, locale, labels: emailLabels[locale] }
        : buildScope({ ...input, subscriber: noSubscriber } as AnyRenderInput, locale, formatDate);
    const tpl = template ?? overrides.get(`${locale}/${key}`) ?? compiled.get(`${locale}/${key}`)!;
    const text = tidy(engine.renderSync(tpl, scope, renderLimit ? { renderLimit } : undefined));
    const folded = foldToGsm7(text);
    return smsLength(folded).segments < smsLength(text).segments ? folded : text;
  };

  const parsed = (source: string): { ok: true; tpl: Template[] } | { ok: false; message: string } => {
    try {
      return { ok: true, tpl: engine.parse(source) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  };

  return {
    render: (key, locale, input) => fitSms(renderFull(key, locale, input), maxSegments),
    builtInSource: (key, locale) => sources.get(`${locale}/${key}`) ?? sources.get(`en/${key}`) ?? "",
    validateTemplate(source) {
      const result = parsed(source);
      return result.ok ? { ok: true } : result;
    },
    setOverride(key, locale, source) {
      const result = parsed(source);
      if (!result.ok) return result;
      overrides.set(`${locale}/${key}`, result.tpl);
      return { ok: true };
    },
    removeOverride: (key, locale) => void overrides.delete(`${locale}/${key}`),
    preview(key, locale, source) {
      const tpl = source === undefined ? undefined : parsed(source);
      if (tpl && !tpl.ok) return tpl;
      try {
        const full = renderFull(key, locale, smsSampleInput(key, locale), tpl?.tpl);
        const text = fitSms(full, maxSegments);
        return { ok: true, text, length: smsLength(full), shortened: text !== full, maxSegments };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
    checkSpeed(key, locale, source) {
      const slow = {
        ok: false as const,
        message: `The template takes more than ${sampleRenderBudgetMs} ms to render the sample message; a notification renders it for each language, so it must be quick: remove large loops or repeated filters.`,
      };
      const tpl = parsed(source);
      // A source that does not parse, or does not render, is reported by the other checks.
      if (!tpl.ok) return { ok: true };
      try {
        // The best of a few tries: a busy machine or a cold start must not refuse a quick template.
        for (let attempt = 0; attempt < 3; attempt++) {
          const started = performance.now();
          renderFull(key, locale, smsSampleInput(key, locale), tpl.tpl, 4 * sampleRenderBudgetMs);
          if (performance.now() - started <= sampleRenderBudgetMs) return { ok: true };
        }
        return slow;
      } catch (error) {
        return /limit exceeded/i.test((error as Error).message) ? slow : { ok: true };
      }
    },
  };
}
