import { z } from "zod";
import type { Locale } from "../types.ts";
import { type ChatService, channelSpecs } from "./channel-specs.ts";
import { type CountryCode, parsePhoneNumber } from "./phone-numbers.ts";

/**
 * Where each non-email channel delivers, checked and normalised before anything is stored: an E.164
 * mobile number for SMS, an http(s) URL for webhooks, and for chat tools the incoming-webhook URL
 * shapes their services hand out (anything else would only fail later, silently, at send time).
 */

const phoneExample = "+33612345678";

/** The country of numbers typed without a country code, when the owner has not set one. */
const countryOfLocale: Record<Locale, CountryCode> = { en: "US", fr: "FR" };

export function defaultPhoneCountry(settings: {
  phoneCountry: string | null;
  defaultLocale: Locale;
}): CountryCode {
  return (settings.phoneCountry as CountryCode | null) ?? countryOfLocale[settings.defaultLocale];
}

/** Refusal messages name what to send instead; they are shown as is to the person subscribing. */
export function normalisePhone(value: string): { phone: string } | { error: string } {
  if (!/^\+[\d\s().-]{6,24}$/.test(value))
    return {
      error: `must be in international format: + then the country code and the number, e.g. ${phoneExample}`,
    };
  const parsed = parsePhoneNumber(value);
  if (!parsed?.isValid())
    return {
      error: `is not a valid phone number: check the country code and the number of digits (e.g. ${phoneExample})`,
    };
  const type = parsed.getType();
  // Many countries (the US among them) cannot tell mobile and fixed numbers apart; those may take SMS.
  if (type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE") {
    const kind = type ? type.toLowerCase().replaceAll("_", " ") : "not a mobile";
    return { error: `must be a mobile number that can receive SMS (${parsed.number} is ${kind})` };
  }
  return { phone: parsed.number };
}

export const phoneSchema = z
  .string()
  .trim()
  .max(32, "must be at most 32 characters")
  .transform((value, ctx) => {
    const result = normalisePhone(value);
    if ("phone" in result) return result.phone;
    ctx.addIssue({ code: "custom", message: result.error });
    return z.NEVER;
  })
  .meta({ example: phoneExample, description: "A mobile number in E.164 format" });

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The incoming-webhook URLs each chat tool hands out: the one check, used when a URL is subscribed or
 * added (the notifier then posts only to URLs that passed it).
 */
const chatUrlRules: Record<ChatService, { expected: string; matches: (url: URL) => boolean }> = {
  slack: {
    expected: "https://hooks.slack.com/services/T…/B…/…",
    matches: (u) => u.hostname === "hooks.slack.com" && /^\/services\/\w+\/\w+\/\w+\/?$/.test(u.pathname),
  },
  discord: {
    expected: "https://discord.com/api/webhooks/<id>/<token>",
    matches: (u) =>
      /^(?:(?:ptb|canary)\.)?discord(?:app)?\.com$/.test(u.hostname) &&
      /^\/api(?:\/v\d+)?\/webhooks\/\d+\/[\w-]+\/?$/.test(u.pathname),
  },
  teams: {
    expected:
      "a Teams Workflows URL (https://….logic.azure.com/workflows/… or https://….powerplatform.com/…/workflows/…) or an incoming webhook https://<tenant>.webhook.office.com/webhookb2/…",
    matches: (u) =>
      (/^[a-z0-9-]+\.webhook\.office\.com$/.test(u.hostname) && u.pathname.startsWith("/webhookb2/")) ||
      (/\.logic\.azure\.com$/.test(u.hostname) && u.pathname.startsWith("/workflows/")) ||
      (/\.powerplatform\.com$/.test(u.hostname) && u.pathname.includes("/workflows/")),
  },
};

/** The chat service a URL belongs to, if any: a chat URL given as a plain webhook gets a hint. */
export const chatServiceOf = (url: URL) =>
  (Object.keys(chatUrlRules) as ChatService[]).find((s) => chatUrlRules[s].matches(url));

const urlBase = (ctx: z.RefinementCtx, value: string, expected: string): URL | null => {
  const url = parseUrl(value);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    ctx.addIssue({ code: "custom", message: `must be ${expected}` });
    return null;
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: "custom", message: "must not contain a user name or password" });
    return null;
  }
  return url;
};

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .transform((value, ctx) => {
    const url = urlBase(
      ctx,
      value,
      "an http(s) URL that accepts POST requests, e.g. https://example.com/hooks",
    );
    if (!url) return z.NEVER;
    const service = chatServiceOf(url);
    if (service) {
      ctx.addIssue({
        code: "custom",
        message: `is a ${channelSpecs[service].label} URL: subscribe with channel "${service}" so messages use its format`,
      });
      return z.NEVER;
    }
    return url.href;
  })
  .meta({ example: "https://example.com/hooks/status", description: "Receives signed POST requests" });

export const chatUrlSchema = (service: ChatService) =>
  z
    .string()
    .trim()
    .max(2048, "must be at most 2048 characters")
    .transform((value, ctx) => {
      const { expected, matches } = chatUrlRules[service];
      const name = channelSpecs[service].label;
      const url = urlBase(ctx, value, `a ${name} incoming-webhook URL: ${expected}`);
      if (!url) return z.NEVER;
      if (url.protocol !== "https:" || !matches(url)) {
        ctx.addIssue({ code: "custom", message: `must be a ${name} incoming-webhook URL: ${expected}` });
        return z.NEVER;
      }
      return url.href;
    })
    .meta({ description: `The ${channelSpecs[service].label} incoming-webhook URL` });
