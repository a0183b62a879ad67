import type { Locale } from "../domain/types.ts";
import type { PageInput } from "./keys.ts";
import type { SmsRenderInput, SmsTemplateKey } from "./render-sms.ts";
import { sampleInput } from "./sample-data.ts";

/** The email previews' sample data without its per-subscriber part, and a made-up code to confirm. */
export function smsSampleInput<K extends SmsTemplateKey>(key: K, locale: Locale): SmsRenderInput<K> {
  const { subscriber: _, ...rest } = sampleInput(key, locale) as { subscriber: unknown; page: PageInput };
  const input = key === "confirmation" ? { page: rest.page, code: "482913" } : rest;
  return input as unknown as SmsRenderInput<K>;
}
